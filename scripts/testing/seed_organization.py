#!/usr/bin/env python3
"""Seeds an AWS Organization in a moto server for the organization-wide audit tests, with boto3:
an organization whose management account is moto's default (123456789012), and two member accounts
created through Organizations:

- "dev": a console user `dev-alice` without MFA (console-user-mfa in that account);
- "prod": a console user `prod-bob` with a virtual MFA device.

Member accounts are reached the way mfaguard reaches them, by assuming the given role in each.
Prints one JSON object: {"management": ID, "accounts": {"dev": ID, "prod": ID}}.

usage: seed_organization.py --endpoint http://127.0.0.1:PORT [--role NAME]
"""
import argparse
import json

import boto3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--role", default="OrganizationAccountAccessRole")
    args = parser.parse_args()
    common = dict(endpoint_url=args.endpoint, region_name="us-east-1")
    keys = dict(aws_access_key_id="AKIDTESTTESTTEST", aws_secret_access_key="testsecret")
    organizations = boto3.client("organizations", **common, **keys)
    organizations.create_organization(FeatureSet="ALL")
    management = boto3.client("sts", **common, **keys).get_caller_identity()["Account"]
    accounts = {}
    for name in ("dev", "prod"):
        status = organizations.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        accounts[name] = status["AccountId"]
    for name, account in accounts.items():
        assumed = boto3.client("sts", **common, **keys).assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/{args.role}", RoleSessionName="seed"
        )["Credentials"]
        iam = boto3.client(
            "iam", **common, aws_access_key_id=assumed["AccessKeyId"],
            aws_secret_access_key=assumed["SecretAccessKey"], aws_session_token=assumed["SessionToken"],
        )
        user = f"{name}-alice" if name == "dev" else f"{name}-bob"
        iam.create_user(UserName=user)
        iam.create_login_profile(UserName=user, Password="Passw0rd!Passw0rd!")
        if name == "prod":
            device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]
            iam.enable_mfa_device(
                UserName=user, SerialNumber=device["SerialNumber"], AuthenticationCode1="123456",
                AuthenticationCode2="654321",
            )
    print(json.dumps({"management": management, "accounts": accounts}))


if __name__ == "__main__":
    main()
