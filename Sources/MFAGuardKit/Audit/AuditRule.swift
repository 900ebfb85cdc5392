/// The audit rules of DESIGN.md, with their stable ids, default severity and the text reports show.
public struct AuditRule: Sendable, Hashable {
    /// Stable rule id (`root-mfa`, `console-user-mfa`, …); never renamed once released.
    public let id: String
    public let severity: Severity
    /// Short name, for report headings and SARIF `shortDescription`.
    public let name: String
    /// What the rule checks and why it matters, for SARIF `fullDescription` and report help text.
    public let help: String
    /// CIS AWS Foundations Benchmark controls (v1.5–v3.0 numbering, then v5.0+ where it moved).
    public let cis: [String]
    /// AWS Security Hub controls that check the same thing.
    public let securityHub: [String]

    public static let rootMFA = AuditRule(
        id: "root-mfa", severity: .critical, name: "Root user without MFA",
        help: "The root user can do anything in the account and cannot be restricted by IAM policies. "
            + "Without MFA, its password alone opens the account.",
        cis: ["CIS 1.5 (v1.5-v3.0)", "CIS 2.4 (v5.0)"], securityHub: ["IAM.9"])
    public static let rootHardwareMFA = AuditRule(
        id: "root-hardware-mfa", severity: .medium, name: "Root user MFA is virtual, not hardware",
        help: "A virtual MFA device lives on a phone or laptop that may be lost, backed up or shared. "
            + "CIS recommends a hardware device (TOTP token or FIDO security key) for the root user.",
        cis: ["CIS 1.6 (v1.5-v3.0)", "CIS 2.5 (v5.0)"], securityHub: ["IAM.6"])
    public static let consoleUserMFA = AuditRule(
        id: "console-user-mfa", severity: .high, name: "Console user without MFA",
        help: "A user with a console password and no MFA device signs in with the password alone.",
        cis: ["CIS 1.10 (v1.5-v3.0)", "CIS 2.9 (v5.0)"], securityHub: ["IAM.5"])
    public static let accessKeyUnguarded = AuditRule(
        id: "access-key-unguarded", severity: .high, name: "Access key usable without MFA",
        help: "Long-term access keys never carry MFA context (aws:MultiFactorAuthPresent is absent). "
            + "If the user's effective permissions allow non-read actions beyond MFA self-service "
            + "without MFA, a leaked key is a way in that MFA does not guard.",
        cis: [], securityHub: [])
    public static let unguardedPermissions = AuditRule(
        id: "unguarded-permissions", severity: .medium, name: "Privileged permissions without an MFA condition",
        help: "A policy allows privileged (write or permissions-management) actions without requiring MFA: "
            + "the MFA condition was forgotten.",
        cis: [], securityHub: [])
    public static let roleTrustWithoutMFA = AuditRule(
        id: "role-trust-without-mfa", severity: .medium, name: "Role assumable without MFA",
        help: "A role that IAM principals of the account can assume does not require "
            + "aws:MultiFactorAuthPresent in its trust policy, so assuming it bypasses MFA.",
        cis: [], securityHub: [])
    public static let mfaSelfServiceMissing = AuditRule(
        id: "mfa-self-service-missing", severity: .medium, name: "User cannot enrol their own MFA device",
        help: "A user without MFA has no permission to create and enable their own virtual MFA device, "
            + "so MFA depends on an administrator doing it for them.",
        cis: [], securityHub: [])
    public static let mfaMaxAgeMissing = AuditRule(
        id: "mfa-max-age-missing", severity: .low, name: "MFA-gated permissions without a maximum age",
        help: "Permissions gated on MFA have no aws:MultiFactorAuthAge bound, so an MFA session "
            + "stays good for its whole lifetime (up to 36 hours).",
        cis: [], securityHub: [])
    public static let policyMFAPitfall = AuditRule(
        id: "policy-mfa-pitfall", severity: .high, name: "MFA condition that does not do what it seems",
        help: "A policy uses an MFA condition that misfires: for example Bool aws:MultiFactorAuthPresent "
            + "false in a Deny never applies to long-term keys, whose requests carry no such key.",
        cis: [], securityHub: [])
    public static let orphanVirtualMFA = AuditRule(
        id: "orphan-virtual-mfa", severity: .low, name: "Virtual MFA device assigned to no one",
        help: "A virtual MFA device that is not assigned to a user is left over from an interrupted "
            + "enrolment; its seed may still exist somewhere.",
        cis: [], securityHub: [])

    /// Every rule, in the order reports list them.
    public static let all: [AuditRule] = [
        rootMFA, rootHardwareMFA, consoleUserMFA, accessKeyUnguarded, unguardedPermissions,
        roleTrustWithoutMFA, mfaSelfServiceMissing, mfaMaxAgeMissing, policyMFAPitfall, orphanVirtualMFA,
    ]

    /// The rule with this id, if there is one.
    public static func named(_ id: String) -> AuditRule? { all.first { $0.id == id } }
}
