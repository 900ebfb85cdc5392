#!/usr/bin/env python3
"""Prints the IAM state enforcement tests compare, read with boto3 (an oracle independent of mfaguard):
customer managed policies (versions, default, documents), groups (members, attached policies, inline
policy names), roles (trust policy, attached policies), as canonical JSON.

usage: iam_state.py --endpoint http://127.0.0.1:PORT
"""
import argparse
import json
import sys

import boto3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()
    session = boto3.session.Session(aws_access_key_id="AKIDSTATE", aws_secret_access_key="state", region_name="us-east-1")
    iam = session.client("iam", endpoint_url=args.endpoint)
    state = {"policies": {}, "groups": {}, "roles": {}}
    for page in iam.get_paginator("list_policies").paginate(Scope="Local"):
        for policy in page["Policies"]:
            arn = policy["Arn"]
            versions = {}
            for version in iam.list_policy_versions(PolicyArn=arn)["Versions"]:
                document = iam.get_policy_version(PolicyArn=arn, VersionId=version["VersionId"])["PolicyVersion"]["Document"]
                versions[version["VersionId"]] = {"default": version["IsDefaultVersion"], "document": document}
            state["policies"][policy["PolicyName"]] = {"arn": arn, "versions": versions}
    for page in iam.get_paginator("list_groups").paginate():
        for group in page["Groups"]:
            name = group["GroupName"]
            state["groups"][name] = {
                "members": sorted(u["UserName"] for u in iam.get_group(GroupName=name)["Users"]),
                "attached": sorted(p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=name)["AttachedPolicies"]),
                "inline": sorted(iam.list_group_policies(GroupName=name)["PolicyNames"]),
            }
    for page in iam.get_paginator("list_roles").paginate():
        for role in page["Roles"]:
            name = role["RoleName"]
            state["roles"][name] = {
                "trust": role["AssumeRolePolicyDocument"],
                "attached": sorted(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]),
            }
    print(json.dumps(state, sort_keys=True, indent=1, default=str))


if __name__ == "__main__":
    sys.exit(main())
