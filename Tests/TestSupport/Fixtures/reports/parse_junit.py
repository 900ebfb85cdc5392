"""Reads a JUnit XML file with junitparser and xml.etree and prints what they see as JSON.

usage: parse_junit.py FILE
"""
import json
import sys
import xml.etree.ElementTree as ET

from junitparser import Error, Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = []
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        messages = [r.message for r in case.result]
        cases.append({"name": case.name, "classname": case.classname, "results": kinds, "messages": messages,
                      "text": [r.text or "" for r in case.result if isinstance(r, (Failure, Error))]})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors,
                   "skipped": suite.skipped, "cases": cases})
root = ET.parse(sys.argv[1]).getroot()
print(json.dumps({
    "root": root.tag,
    "totals": {k: int(root.get(k)) for k in ("tests", "failures", "errors", "skipped")},
    "etreeCases": len(root.findall("./testsuite/testcase")),
    "suites": suites,
}))
