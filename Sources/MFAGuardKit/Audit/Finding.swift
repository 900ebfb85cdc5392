/// One way into the account without MFA, as every report format shows it.
public struct Finding: Codable, Sendable, Hashable {
    /// Rule id from `AuditRule.all`.
    public var rule: String
    public var severity: Severity
    /// ARN of the resource concerned (user, role, policy, device, root).
    public var resource: String
    /// Name of the user or role the finding is about (for an inline policy: the user, group or role that
    /// owns it); nil when there is none, as for a managed policy, whose ARN is `resource`.
    public var principal: String?
    /// Name of the inline policy the finding is about (its owner is `principal`, its owner's ARN
    /// `resource`); nil for findings that are not about an inline policy.
    public var policy: String?
    public var title: String
    public var detail: String
    public var cis: [String]
    public var securityHub: [String]
    /// The exact command that fixes it.
    public var remediation: String
    /// Set when an exemption covers this finding: it stays in the report but does not count for the exit code.
    public var exemption: AppliedExemption?

    public init(
        rule: AuditRule, resource: String, principal: String?, title: String, detail: String,
        remediation: String, severity: Severity? = nil, policy: String? = nil
    ) {
        self.rule = rule.id
        self.severity = severity ?? rule.severity
        self.resource = resource
        self.principal = principal
        self.policy = policy
        self.title = title
        self.detail = detail
        self.cis = rule.cis
        self.securityHub = rule.securityHub
        self.remediation = remediation
        self.exemption = nil
    }

    /// Whether an exemption applies (exempted findings never count for `--fail-on`).
    public var isExempted: Bool { exemption != nil }
}

/// The exemption that applied to a finding, copied into the report.
public struct AppliedExemption: Codable, Sendable, Hashable {
    public var reason: String
    public var owner: String?
    /// ISO 8601 date or date-time, as written in the exemptions file.
    public var expires: String?

    public init(reason: String, owner: String?, expires: String?) {
        self.reason = reason
        self.owner = owner
        self.expires = expires
    }
}
