"""Parses Prometheus text exposition with prometheus_client's own parser and prints the samples as JSON.

usage: parse_prometheus.py FILE
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
families = []
for family in text_string_to_metric_families(text):
    families.append({
        "name": family.name, "type": family.type, "documentation": family.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
    })
print(json.dumps({"families": families}))
