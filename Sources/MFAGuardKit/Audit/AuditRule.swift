/// The audit rules of DESIGN.md (docs/audit-rules.md). Each rule is declared once, here, with everything
/// about it: its stable id, default severity, the texts and links reports show, and its check. `Audit.run`
/// runs the checks of `all` in order.
public struct AuditRule: Sendable, Hashable {
    /// Stable rule id (`root-mfa`, `console-user-mfa`, …); never renamed once released.
    public let id: String
    /// The severity of its findings unless the check sets another (`policy-mfa-pitfall`).
    public let severity: Severity
    /// Short name, for report headings and SARIF `shortDescription`.
    public let name: String
    /// What the rule checks and why it matters, for SARIF `fullDescription` and report help text.
    public let help: String
    /// How to fix findings of this rule, as guidance (SARIF rule help); each finding carries its own exact
    /// command.
    public let remediationGuide: String
    /// The AWS documentation page behind this rule.
    public let documentationURL: String
    /// CIS AWS Foundations Benchmark controls (v1.5–v3.0 numbering, then v5.0+ where it moved).
    public let cis: [String]
    /// AWS Security Hub controls that check the same thing.
    public let securityHub: [String]
    /// The findings of this rule in an account (its rule set in `Rules/`).
    let check: @Sendable (AuditContext) -> [Finding]

    /// Rules are told apart by their id.
    public static func == (lhs: AuditRule, rhs: AuditRule) -> Bool { lhs.id == rhs.id }

    /// Hashes the id, the rule's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    private static let rootMFADocs = "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html"
    private static let requireMFADocs =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html"
    private static let conditionKeysDocs =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
    private static let selfManageMFADocs =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html"
    private static let mfaDocs = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html"

    /// `root-mfa` (critical): the root user has no MFA device.
    public static let rootMFA = AuditRule(
        id: "root-mfa", severity: .critical, name: "Root user without MFA",
        help: "The root user can do anything in the account and cannot be restricted by IAM policies. "
            + "Without MFA, its password alone opens the account.",
        remediationGuide: "Sign in as the root user and assign an MFA device (Security credentials → Multi-factor "
            + "authentication); prefer a hardware TOTP token or a FIDO security key.",
        documentationURL: Self.rootMFADocs,
        cis: ["CIS 1.5 (v1.5-v3.0)", "CIS 2.4 (v5.0)"], securityHub: ["IAM.9"], check: { AccountRules.rootMFA($0) })
    /// `root-hardware-mfa` (medium): the root user's MFA is a virtual device.
    public static let rootHardwareMFA = AuditRule(
        id: "root-hardware-mfa", severity: .medium, name: "Root user MFA is virtual, not hardware",
        help: "A virtual MFA device lives on a phone or laptop that may be lost, backed up or shared. "
            + "CIS recommends a hardware device (TOTP token or FIDO security key) for the root user.",
        remediationGuide:
            "Assign a hardware TOTP token or FIDO security key to the root user, then remove the virtual device.",
        documentationURL: Self.rootMFADocs,
        cis: ["CIS 1.6 (v1.5-v3.0)", "CIS 2.5 (v5.0)"], securityHub: ["IAM.6"],
        check: { AccountRules.rootHardwareMFA($0) })
    /// `console-user-mfa` (high): a user with a console password and no MFA device.
    public static let consoleUserMFA = AuditRule(
        id: "console-user-mfa", severity: .high, name: "Console user without MFA",
        help: "A user with a console password and no MFA device signs in with the password alone.",
        remediationGuide:
            "Enrol an MFA device for the user (`mfaguard device create` then `mfaguard device enable`), or "
            + "remove the console password if the user does not need the console.",
        documentationURL: Self.mfaDocs,
        cis: ["CIS 1.10 (v1.5-v3.0)", "CIS 2.9 (v5.0)"], securityHub: ["IAM.5"],
        check: { AccountRules.consoleUserMFA($0) })
    /// `access-key-unguarded` (high): an active access key whose user can act beyond MFA self-service.
    public static let accessKeyUnguarded = AuditRule(
        id: "access-key-unguarded", severity: .high, name: "Access key usable without MFA",
        help: "Long-term access keys never carry MFA context (aws:MultiFactorAuthPresent is absent). "
            + "If the user's effective permissions allow non-read actions beyond MFA self-service "
            + "without MFA, a leaked key is a way in that MFA does not guard.",
        remediationGuide:
            "Put the user in a group with the require-MFA policy (`mfaguard enforce plan --group NAME`), so "
            + "long-term keys can only set up MFA and get an MFA session (`mfaguard session`).",
        documentationURL: Self.selfManageMFADocs,
        cis: [], securityHub: [], check: { PolicyRules.accessKeyUnguarded($0) })
    /// `unguarded-permissions` (medium): privileged actions allowed without an MFA condition.
    public static let unguardedPermissions = AuditRule(
        id: "unguarded-permissions", severity: .medium, name: "Privileged permissions without an MFA condition",
        help: "A policy allows privileged (write or permissions-management) actions without requiring MFA: "
            + "the MFA condition was forgotten.",
        remediationGuide:
            "Add `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` to the Allow statements that grant "
            + "privileged actions, or attach the require-MFA deny policy (`mfaguard policy generate require-mfa`).",
        documentationURL: Self.conditionKeysDocs,
        cis: [], securityHub: [], check: { PolicyRules.unguardedPermissions($0) })
    /// `role-trust-without-mfa` (medium): a trust policy lets account principals assume without MFA.
    public static let roleTrustWithoutMFA = AuditRule(
        id: "role-trust-without-mfa", severity: .medium, name: "Role assumable without MFA",
        help: "A role that IAM principals of the account can assume does not require "
            + "aws:MultiFactorAuthPresent in its trust policy, so assuming it bypasses MFA.",
        remediationGuide: "Require MFA in the role's trust policy (`mfaguard policy generate mfa-trust`) and update it "
            + "with `aws iam update-assume-role-policy`.",
        documentationURL: Self.requireMFADocs,
        cis: [], securityHub: [], check: { PolicyRules.roleTrustWithoutMFA($0) })
    /// `mfa-self-service-missing` (medium): a user without MFA cannot create and enable their own device.
    public static let mfaSelfServiceMissing = AuditRule(
        id: "mfa-self-service-missing", severity: .medium, name: "User cannot enrol their own MFA device",
        help: "A user without MFA has no permission to create and enable their own virtual MFA device, "
            + "so MFA depends on an administrator doing it for them.",
        remediationGuide:
            "Attach the self-service MFA policy (`mfaguard policy generate self-manage-mfa`) so users can "
            + "create and enable their own device.",
        documentationURL: Self.selfManageMFADocs,
        cis: [], securityHub: [], check: { PolicyRules.mfaSelfServiceMissing($0) })
    /// `mfa-max-age-missing` (low): MFA-gated permissions with no `aws:MultiFactorAuthAge` bound.
    public static let mfaMaxAgeMissing = AuditRule(
        id: "mfa-max-age-missing", severity: .low, name: "MFA-gated permissions without a maximum age",
        help: "Permissions gated on MFA have no aws:MultiFactorAuthAge bound, so an MFA session "
            + "stays good for its whole lifetime (up to 36 hours).",
        remediationGuide: "Bound MFA sessions with `NumericLessThan aws:MultiFactorAuthAge` "
            + "(`mfaguard policy generate mfa-max-age`).",
        documentationURL: Self.conditionKeysDocs,
        cis: [], securityHub: [], check: { PolicyRules.mfaMaxAgeMissing($0) })
    /// `policy-mfa-pitfall` (high): an MFA condition that never applies as meant; one finding per policy.
    public static let policyMFAPitfall = AuditRule(
        id: "policy-mfa-pitfall", severity: .high, name: "MFA condition that does not do what it seems",
        help: "A policy uses an MFA condition that misfires: for example Bool aws:MultiFactorAuthPresent "
            + "false in a Deny never applies to long-term keys, whose requests carry no such key.",
        remediationGuide:
            "Rewrite the condition: in a Deny use `BoolIfExists aws:MultiFactorAuthPresent false`, and guard "
            + "`aws:MultiFactorAuthAge` comparisons with `Null`; `mfaguard policy lint` shows the fix.",
        documentationURL: Self.conditionKeysDocs,
        cis: [], securityHub: [], check: { PolicyRules.policyMFAPitfall($0) })
    /// `orphan-virtual-mfa` (low): a virtual MFA device assigned to no user.
    public static let orphanVirtualMFA = AuditRule(
        id: "orphan-virtual-mfa", severity: .low, name: "Virtual MFA device assigned to no one",
        help: "A virtual MFA device that is not assigned to a user is left over from an interrupted "
            + "enrolment; its seed may still exist somewhere.",
        remediationGuide: "Delete the unassigned device (`mfaguard device delete`) or enable it for its user.",
        documentationURL: Self.mfaDocs,
        cis: [], securityHub: [], check: { AccountRules.orphanVirtualMFA($0) })

    /// Every rule, in the order reports list them.
    public static let all: [AuditRule] = [
        rootMFA, rootHardwareMFA, consoleUserMFA, accessKeyUnguarded, unguardedPermissions,
        roleTrustWithoutMFA, mfaSelfServiceMissing, mfaMaxAgeMissing, policyMFAPitfall, orphanVirtualMFA,
    ]

    /// The rule with this id, if there is one.
    public static func named(_ id: String) -> AuditRule? { all.first { $0.id == id } }
}
