/// What reports say about fixing each rule in general (the exact command is per finding), and the AWS page
/// that explains it. Kept beside the renderers that need it (SARIF rule help, HTML), keyed by rule id.
extension AuditRule {
    /// How to fix findings of this rule, as guidance; each finding carries its own exact command.
    var remediationGuide: String {
        switch id {
        case "root-mfa":
            "Sign in as the root user and assign an MFA device (Security credentials → Multi-factor "
                + "authentication); prefer a hardware TOTP token or a FIDO security key."
        case "root-hardware-mfa":
            "Assign a hardware TOTP token or FIDO security key to the root user, then remove the virtual device."
        case "console-user-mfa":
            "Enrol an MFA device for the user (`mfaguard device create` then `mfaguard device enable`), or "
                + "remove the console password if the user does not need the console."
        case "access-key-unguarded":
            "Put the user in a group with the require-MFA policy (`mfaguard enforce plan --group NAME`), so "
                + "long-term keys can only set up MFA and get an MFA session (`mfaguard session`)."
        case "unguarded-permissions":
            "Add `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` to the Allow statements that grant "
                + "privileged actions, or attach the require-MFA deny policy (`mfaguard policy generate require-mfa`)."
        case "role-trust-without-mfa":
            "Require MFA in the role's trust policy (`mfaguard policy generate mfa-trust`) and update it "
                + "with `aws iam update-assume-role-policy`."
        case "mfa-self-service-missing":
            "Attach the self-service MFA policy (`mfaguard policy generate self-manage-mfa`) so users can "
                + "create and enable their own device."
        case "mfa-max-age-missing":
            "Bound MFA sessions with `NumericLessThan aws:MultiFactorAuthAge` "
                + "(`mfaguard policy generate mfa-max-age`)."
        case "policy-mfa-pitfall":
            "Rewrite the condition: in a Deny use `BoolIfExists aws:MultiFactorAuthPresent false`, and guard "
                + "`aws:MultiFactorAuthAge` comparisons with `Null`; `mfaguard policy lint` shows the fix."
        case "orphan-virtual-mfa":
            "Delete the unassigned device (`mfaguard device delete`) or enable it for its user."
        default:
            "See the finding's remediation command."
        }
    }

    /// The AWS documentation page behind this rule.
    var documentationURL: String {
        switch id {
        case "root-mfa", "root-hardware-mfa":
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html"
        case "role-trust-without-mfa":
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html"
        case "policy-mfa-pitfall", "mfa-max-age-missing", "unguarded-permissions":
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
        case "mfa-self-service-missing", "access-key-unguarded":
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html"
        default:
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html"
        }
    }
}
