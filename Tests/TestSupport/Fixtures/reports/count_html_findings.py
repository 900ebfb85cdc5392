"""Counts the rows of an HTML report's findings table with Python's html.parser, by status class.

usage: count_html_findings.py REPORT.html
"""
import json
import sys
from html.parser import HTMLParser


class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_table, self.counts = False, {"active": 0, "exempted": 0}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "findings-table":
            self.in_table = True
        elif tag == "tr" and self.in_table and attrs.get("class") in self.counts:
            self.counts[attrs["class"]] += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False


parser = Rows()
with open(sys.argv[1], encoding="utf-8") as f:
    parser.feed(f.read())
print(json.dumps(parser.counts))
