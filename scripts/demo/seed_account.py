#!/usr/bin/env python3
"""Seeds an AWS-compatible endpoint (moto) with a realistic sample account for the demo, the tests and
the benchmarks, using boto3 (not mfaguard), and prints the findings an audit must report as JSON:
{"account": ..., "expected": [{"rule": ..., "resource": ...}, ...], "users": N}.

The expected findings follow from how each principal is built (see the CATEGORIES table), not from
mfaguard's rules, so the tests compare mfaguard with an independent ground truth.

usage: seed_account.py --endpoint http://127.0.0.1:PORT [--users 40] [--threads 8]
"""
import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

ACCOUNT = "123456789012"
ARN = f"arn:aws:iam::{ACCOUNT}"

ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*", "s3:Get*", "s3:List*"], "Resource": "*"}],
}
DEVELOPERS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Work",
            "Effect": "Allow",
            "Action": ["ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances", "s3:GetObject", "s3:PutObject",
                       "s3:ListBucket"],
            "Resource": "*",
        }
    ],
}
# AWS's "Allows IAM users to manage their own MFA device" example (without the deny part).
SELF_MANAGE_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowListActions", "Effect": "Allow", "Action": ["iam:ListUsers", "iam:ListVirtualMFADevices"],
         "Resource": "*"},
        {"Sid": "AllowUserToCreateVirtualMFADevice", "Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice"],
         "Resource": "arn:aws:iam::*:mfa/*"},
        {"Sid": "AllowUserToManageTheirOwnMFA", "Effect": "Allow",
         "Action": ["iam:EnableMFADevice", "iam:GetMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
    ],
}
# AWS's DenyAllExceptListedIfNoMFA: correct (BoolIfExists), leaves the self-service actions open.
REQUIRE_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyAllExceptListedIfNoMFA",
            "Effect": "Deny",
            "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice",
                          "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice",
                          "sts:GetSessionToken"],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        }
    ],
}
# The classic trap: Bool ... false in a Deny never matches long-term keys (the key is absent).
DENY_TRAP = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "DenyWithoutMFA", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
    ],
}
LEGACY_INLINE = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}


def trust(statement_extra):
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole"}
    statement.update(statement_extra)
    return {"Version": "2012-10-17", "Statement": [statement]}


ROLES = {
    "ops-admin": (trust({"Principal": {"AWS": f"{ARN}:root"}}), ["role-trust-without-mfa"]),
    "break-glass": (
        trust({"Principal": {"AWS": f"{ARN}:root"}, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}),
        [],
    ),
    "lambda-exec": (trust({"Principal": {"Service": "lambda.amazonaws.com"}}), []),
    "if-exists-trap": (
        trust({"Principal": {"AWS": f"{ARN}:root"},
               "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}),
        ["role-trust-without-mfa", "policy-mfa-pitfall"],
    ),
}

# name prefix, password, virtual MFA, hardware MFA, access key, groups, expected user findings
CATEGORIES = [
    ("dev-mfa", True, True, False, False, ["developers"], []),
    ("dev-nomfa", True, False, False, False, ["developers"], ["console-user-mfa"]),
    ("svc-admin", False, False, False, True, ["admins"], ["access-key-unguarded"]),
    ("svc-readonly", False, False, False, True, ["readers"], ["mfa-self-service-missing"]),
    ("ops-guarded", True, True, False, True, ["mfa-enforced"], []),
    ("ops-trap", False, False, False, True, ["trap"], ["access-key-unguarded"]),
    ("analyst", True, True, False, False, ["readers"], []),
    ("inactive", False, False, False, False, ["developers"], []),
]
HARDWARE_USERS = 3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    session = boto3.session.Session(aws_access_key_id="AKIDSEED", aws_secret_access_key="seed", region_name="us-east-1")
    iam = session.client("iam", endpoint_url=args.endpoint)
    expected = {("root-mfa", f"{ARN}:root")}

    def policy(name, document):
        return iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document))["Policy"]["Arn"]

    admin = policy("AdminAccess", ADMIN)
    read_only = policy("ReadOnlyAccess", READ_ONLY)
    developers = policy("DevelopersAccess", DEVELOPERS)
    self_manage = policy("SelfManageMFA", SELF_MANAGE_MFA)
    require_mfa = policy("RequireMFA", REQUIRE_MFA)
    trap = policy("DenyWithoutMFA", DENY_TRAP)
    groups = {
        "developers": [developers, self_manage],
        "admins": [admin],
        "readers": [read_only],
        "mfa-enforced": [admin, require_mfa],
        "trap": [admin, trap],
    }
    for group, arns in groups.items():
        iam.create_group(GroupName=group)
        for arn in arns:
            iam.attach_group_policy(GroupName=group, PolicyArn=arn)
    # Admin users hold AdminAccess without MFA; the trap policy is a pitfall; policies that check
    # MultiFactorAuthPresent without MultiFactorAuthAge get the low max-age finding.
    expected |= {
        ("unguarded-permissions", admin),
        ("policy-mfa-pitfall", trap),
        ("mfa-max-age-missing", trap),
        ("mfa-max-age-missing", require_mfa),
    }
    for role, (document, rules) in ROLES.items():
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(document))
        expected |= {(rule, f"{ARN}:role/{role}") for rule in rules}

    hardware_left = [HARDWARE_USERS]

    def make_user(index):
        prefix, password, virtual, _, key, user_groups, rules = CATEGORIES[index % len(CATEGORIES)]
        name = f"{prefix}-{index:05d}"
        iam.create_user(UserName=name)
        for group in user_groups:
            iam.add_user_to_group(GroupName=group, UserName=name)
        if password:
            iam.create_login_profile(UserName=name, Password="Sample-Passw0rd!")
        if key:
            iam.create_access_key(UserName=name)
        if virtual:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                                  AuthenticationCode2="654321")
        return name, rules

    with ThreadPoolExecutor(args.threads) as pool:
        for name, rules in pool.map(make_user, range(args.users)):
            expected |= {(rule, f"{ARN}:user/{name}") for rule in rules}

    # A few hardware TOTP tokens (serial numbers, no ARN), on console users without a virtual device.
    for index in range(HARDWARE_USERS):
        name = f"hardware-{index:02d}"
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="developers", UserName=name)
        iam.create_login_profile(UserName=name, Password="Sample-Passw0rd!")
        iam.enable_mfa_device(UserName=name, SerialNumber=f"GAHT{index:08d}", AuthenticationCode1="123456",
                              AuthenticationCode2="654321")
    # An old admin with an inline iam:* policy and no MFA.
    iam.create_user(UserName="legacy-ops")
    iam.create_login_profile(UserName="legacy-ops", Password="Sample-Passw0rd!")
    iam.put_user_policy(UserName="legacy-ops", PolicyName="legacy-iam", PolicyDocument=json.dumps(LEGACY_INLINE))
    expected |= {("console-user-mfa", f"{ARN}:user/legacy-ops"), ("unguarded-permissions", f"{ARN}:user/legacy-ops")}
    # Two enrolments that were never finished.
    for name in ("abandoned-phone", "abandoned-laptop"):
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
        expected.add(("orphan-virtual-mfa", serial))

    total = args.users + HARDWARE_USERS + 1
    print(json.dumps({
        "account": ACCOUNT,
        "users": total,
        "expected": [{"rule": rule, "resource": resource} for rule, resource in sorted(expected)],
    }, indent=1))


if __name__ == "__main__":
    sys.exit(main())
