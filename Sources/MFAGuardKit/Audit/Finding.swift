/// One way into the account without MFA, as every report format shows it.
public struct Finding: Codable, Sendable, Hashable {
    /// Rule id from `AuditRule.all`.
    public var rule: String
    /// The rule's default severity unless its check chose another (`policy-mfa-pitfall`).
    public var severity: Severity
    /// ARN of the resource concerned (user, role, policy, device, root).
    public var resource: String
    /// Name of the user or role the finding is about (for an inline policy: the user, group or role that
    /// owns it); nil when there is none, as for a managed policy, whose ARN is `resource`.
    public var principal: String?
    /// Name of the inline policy the finding is about (its owner is `principal`, its owner's ARN
    /// `resource`); nil for findings that are not about an inline policy.
    public var policy: String?
    /// One line, the finding's heading in every format (JUnit: the failure message).
    public var title: String
    /// Why this is a way in without MFA, possibly several lines; may be empty.
    public var detail: String
    /// The rule's CIS controls, copied so the report stands alone.
    public var cis: [String]
    /// The rule's Security Hub controls, copied so the report stands alone.
    public var securityHub: [String]
    /// The exact command that fixes it.
    public var remediation: String
    /// Set when an exemption covers this finding: it stays in the report but does not count for the exit code.
    public var exemption: AppliedExemption?

    /// A finding of `rule`, with the rule's severity unless `severity` is given; not exempted.
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
    /// Why the risk is accepted, from the exemptions file.
    public var reason: String
    /// Who answers for the exemption; nil when the file names no one.
    public var owner: String?
    /// ISO 8601 date or date-time, as written in the exemptions file.
    public var expires: String?

    /// Copies an exemption's fields as written.
    public init(reason: String, owner: String?, expires: String?) {
        self.reason = reason
        self.owner = owner
        self.expires = expires
    }
}
