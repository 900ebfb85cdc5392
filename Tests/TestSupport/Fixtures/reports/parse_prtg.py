"""Reads PRTG EXE/Script Advanced XML with xml.etree and prints channels, error flag and text as JSON.

usage: parse_prtg.py FILE
"""
import json
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
def child(element, tag):
    found = element.find(tag)
    return None if found is None else found.text
channels = []
for result in root.findall("result"):
    channels.append({
        "channel": child(result, "channel"),
        "value": int(child(result, "value")),
        "limitMode": child(result, "LimitMode"),
        "limitMaxError": child(result, "LimitMaxError"),
        "limitMaxWarning": child(result, "LimitMaxWarning"),
    })
print(json.dumps({"root": root.tag, "channels": channels, "error": child(root, "error"), "text": child(root, "text")}))
