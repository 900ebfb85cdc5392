/// Builds the MFA policies mfaguard recommends. Every generated document passes `PolicyLinter`.
public enum PolicyGenerator {
    /// AWS's recommended policy "Allows MFA-authenticated IAM users to manage their own credentials on
    /// the Security credentials page" (reference_policies_examples_aws_my-sec-creds-self-manage.html):
    /// self-service of one's own credentials, and a Deny of everything except the self-service actions
    /// (`PolicyLinter.selfServiceActions`) unless MFA is present. With `maxAge`, the same Deny also
    /// applies once the MFA authentication is older than `maxAge` seconds.
    public static func requireMFA(maxAge: Int? = nil) -> PolicyDocument {
        let own = ["arn:aws:iam::*:user/${aws:username}"]
        var statements = [
            allow("AllowViewAccountInfo", ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], ["*"]),
            allow("AllowManageOwnPasswords", ["iam:ChangePassword", "iam:GetUser"], own),
            allow(
                "AllowManageOwnAccessKeys",
                ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"], own),
            allow(
                "AllowManageOwnSigningCertificates",
                [
                    "iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate",
                    "iam:UploadSigningCertificate",
                ], own),
            allow(
                "AllowManageOwnSSHPublicKeys",
                [
                    "iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey",
                    "iam:UploadSSHPublicKey",
                ], own),
            allow(
                "AllowManageOwnGitCredentials",
                [
                    "iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential",
                    "iam:ListServiceSpecificCredentials", "iam:ResetServiceSpecificCredential",
                    "iam:UpdateServiceSpecificCredential",
                ], own),
            allow("AllowManageOwnVirtualMFADevice", ["iam:CreateVirtualMFADevice"], ["arn:aws:iam::*:mfa/*"]),
            allow(
                "AllowManageOwnUserMFA",
                [
                    "iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:GetMFADevice", "iam:ListMFADevices",
                    "iam:ResyncMFADevice",
                ], own),
            Statement(
                sid: "DenyAllExceptListedIfNoMFA", effect: .deny, action: .notAction(PolicyLinter.selfServiceActions),
                resource: .resource(["*"]),
                conditions: [ConditionClause(ConditionOperator(.bool, ifExists: true), MFAKey.present, ["false"])]),
        ]
        if let maxAge {
            statements.append(
                Statement(
                    sid: "DenyAllExceptListedIfMFAOlderThan\(maxAge)s", effect: .deny,
                    action: .notAction(PolicyLinter.selfServiceActions), resource: .resource(["*"]),
                    conditions: [ConditionClause(ConditionOperator(.numericGreaterThan), MFAKey.age, [String(maxAge)])])
            )
        }
        return PolicyDocument(statements: statements)
    }

    /// Lets users manage their own MFA device only (after AWS's
    /// reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html): list devices, create a
    /// virtual device, enable, resync and view their own; deactivate only when signed in with MFA.
    public static func selfManageMFA() -> PolicyDocument {
        let own = ["arn:aws:iam::*:user/${aws:username}"]
        return PolicyDocument(statements: [
            allow("AllowListActions", ["iam:ListVirtualMFADevices"], ["*"]),
            allow("AllowUserToCreateVirtualMFADevice", ["iam:CreateVirtualMFADevice"], ["arn:aws:iam::*:mfa/*"]),
            allow(
                "AllowUserToManageTheirOwnMFA",
                [
                    "iam:EnableMFADevice", "iam:GetMFADevice", "iam:GetUser", "iam:ListMFADevices",
                    "iam:ResyncMFADevice",
                ],
                own),
            Statement(
                sid: "AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA", effect: .allow,
                action: .action(["iam:DeactivateMFADevice"]), resource: .resource(own),
                conditions: [ConditionClause(ConditionOperator(.bool), MFAKey.present, ["true"])]),
        ])
    }

    /// A role trust policy that lets IAM principals of `accounts` assume the role only with MFA
    /// (`Bool`, not `BoolIfExists`), and only within `maxAge` seconds of the MFA sign-in when given.
    public static func mfaTrust(accounts: [String], maxAge: Int? = nil) -> PolicyDocument {
        var conditions = [ConditionClause(ConditionOperator(.bool), MFAKey.present, ["true"])]
        if let maxAge {
            conditions.append(ConditionClause(ConditionOperator(.numericLessThan), MFAKey.age, [String(maxAge)]))
        }
        let principals = accounts.map { $0.hasPrefix("arn:") ? $0 : "arn:aws:iam::\($0):root" }
        return PolicyDocument(statements: [
            Statement(
                sid: "AllowAssumeRoleOnlyWithMFA", effect: .allow,
                principal: .principal(.identifiers([(.aws, principals)])), action: .action(["sts:AssumeRole"]),
                conditions: conditions)
        ])
    }

    /// Denies `actions` unless MFA was used within `maxAge` seconds: one Deny for an old MFA sign-in,
    /// one (the `Null` guard) for requests without MFA at all.
    public static func mfaMaxAge(actions: [String], maxAge: Int) -> PolicyDocument {
        PolicyDocument(statements: [
            Statement(
                sid: "DenyWithoutMFA", effect: .deny, action: .action(actions), resource: .resource(["*"]),
                conditions: [ConditionClause(ConditionOperator(.null), MFAKey.age, ["true"])]),
            Statement(
                sid: "DenyIfMFAOlderThan\(maxAge)s", effect: .deny, action: .action(actions),
                resource: .resource(["*"]),
                conditions: [ConditionClause(ConditionOperator(.numericGreaterThan), MFAKey.age, [String(maxAge)])]),
        ])
    }

    private static func allow(_ sid: String, _ actions: [String], _ resources: [String]) -> Statement {
        Statement(sid: sid, effect: .allow, action: .action(actions), resource: .resource(resources))
    }
}
