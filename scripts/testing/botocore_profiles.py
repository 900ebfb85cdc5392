#!/usr/bin/env python3
"""Prints, as JSON, how botocore (the AWS CLI's engine) reads the shared config and credentials files
named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE: every profile's merged settings, and the
credentials of the profiles that resolve without calling AWS (static keys, credential_process).
A file botocore refuses gives {"error": "..."}.
"""
import json
import sys

import botocore.exceptions
import botocore.session

try:
    profiles = botocore.session.Session().full_config["profiles"]
except botocore.exceptions.ConfigParseError as error:
    print(json.dumps({"error": str(error)}))
    sys.exit(0)

result = {"profiles": {}, "credentials": {}}
for name in sorted(profiles):
    session = botocore.session.Session(profile=name)
    result["profiles"][name] = session.get_scoped_config()
    settings = profiles[name]
    if any(key in settings for key in ("role_arn", "sso_session", "sso_start_url", "web_identity_token_file")):
        continue
    try:
        credentials = session.get_credentials()
    except Exception as error:  # noqa: BLE001 - report any refusal as data
        result["credentials"][name] = {"error": type(error).__name__}
        continue
    if credentials is None:
        result["credentials"][name] = None
    else:
        frozen = credentials.get_frozen_credentials()
        result["credentials"][name] = {
            "access_key": frozen.access_key,
            "secret_key": frozen.secret_key,
            "token": frozen.token,
        }
print(json.dumps(result, sort_keys=True))
