"""Splits Nagios plugin output the way the Nagios core does (first line: text | perfdata; perfdata items by
the plugin guidelines' grammar 'label'=value[UOM];[warn];[crit];[min];[max]) and prints it as JSON.

usage: parse_nagios.py FILE
"""
import json
import re
import shlex
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    lines = f.read().split("\n")
first = lines[0]
text, _, perf = first.partition("|")
item = re.compile(r"^(?P<label>'(?:[^']|'')+'|[^=' ]+)=(?P<value>-?[0-9.]+)(?P<uom>[a-zA-Z%]*)"
                  r"(?:;(?P<warn>[^;]*))?(?:;(?P<crit>[^;]*))?(?:;(?P<min>[^;]*))?(?:;(?P<max>[^;]*))?$")
perfdata = {}
for token in shlex.split(perf, posix=False):
    match = item.match(token)
    if not match:
        sys.exit(f"bad perfdata item: {token!r}")
    label = match["label"].strip("'").replace("''", "'")
    perfdata[label] = {"value": float(match["value"]), "warn": match["warn"] or "", "crit": match["crit"] or "",
                       "min": match["min"] or ""}
print(json.dumps({"status": text.strip(), "perfdata": perfdata, "longOutput": [l for l in lines[1:] if l]}))
