"""Reads a CSV file with Python's csv module (RFC 4180 dialect) and prints its rows as JSON.

usage: parse_csv.py FILE
"""
import csv
import json
import sys

with open(sys.argv[1], encoding="utf-8", newline="") as f:
    raw = f.read()
rows = list(csv.reader(raw.splitlines(keepends=True), strict=True))
print(json.dumps({"rows": rows, "crlfOnly": raw.count("\r\n") >= len(rows) and raw.endswith("\r\n")}))
