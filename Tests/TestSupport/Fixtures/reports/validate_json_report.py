"""Validates an mfaguard JSON report against docs/report.schema.json (JSON Schema 2020-12, formats checked).

usage: validate_json_report.py SCHEMA REPORT
Prints a JSON summary of what Python read; exits 1 with the errors when the report is invalid.
"""
import json
import sys

import jsonschema

schema_path, report_path = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
with open(report_path, encoding="utf-8") as f:
    text = f.read()
report = json.loads(text)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
if errors:
    for error in errors:
        print(f"{list(error.path)}: {error.message}", file=sys.stderr)
    sys.exit(1)
print(json.dumps({
    "keysSorted": text == json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
    "findings": [[f["rule"], f["principal"], f["exemption"] is not None] for f in report["findings"]],
    "errors": len(report["errors"]),
    "generatedAt": report["generatedAt"],
    "total": report["summary"]["total"],
}))
