#!/usr/bin/env python3
"""Prints, as JSON, how botocore (the AWS CLI's engine) reads the shared config and credentials files
named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE: every profile's merged settings, and the
credentials of the profiles that resolve without calling AWS (static keys, credential_process).
IAM Identity Center profiles are resolved too when AWS_ENDPOINT_URL_SSO points them at a test portal
(scripts/testing/sso_portal.py; the token cache is HOME's), never against AWS's own.
A file botocore refuses gives {"error": "..."}.
"""
import json
import os
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
    skipped = ["role_arn", "web_identity_token_file"]
    if not os.environ.get("AWS_ENDPOINT_URL_SSO"):
        skipped += ["sso_session", "sso_start_url", "sso_account_id", "sso_role_name"]
    if any(key in settings for key in skipped):
        continue
    try:
        credentials = session.get_credentials()
        # Deferred sources (Identity Center) fetch here, so their refusals are caught too.
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except Exception as error:  # noqa: BLE001 - report any refusal as data
        result["credentials"][name] = {"error": type(error).__name__}
        continue
    if credentials is None:
        result["credentials"][name] = None
    else:
        result["credentials"][name] = {
            "access_key": frozen.access_key,
            "secret_key": frozen.secret_key,
            "token": frozen.token,
        }
print(json.dumps(result, sort_keys=True))
