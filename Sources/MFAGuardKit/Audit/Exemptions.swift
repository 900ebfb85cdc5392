import Foundation

/// Exemptions for break-glass accounts and other accepted risks (`--exemptions FILE`, YAML or JSON):
/// a list of `{rule, principal, reason, owner, expires}`. An exempted finding stays in the report,
/// marked, and does not count for the exit code; an expired exemption no longer applies and is reported.
public struct Exemption: Codable, Sendable, Hashable {
    /// A rule id, or `*` for every rule.
    public var rule: String
    /// An ARN, a user/role name, or a glob (`*`, `?`) over either.
    public var principal: String
    /// Why the risk is accepted; required, and copied into the report.
    public var reason: String
    /// Who answers for the exemption; optional.
    public var owner: String?
    /// `YYYY-MM-DD` (valid through that day, UTC) or an ISO 8601 date-time.
    public var expires: String?

    /// Whether the exemption covers `finding`.
    public func covers(_ finding: Finding) -> Bool {
        (rule == "*" || rule == finding.rule)
            && (Glob.matches(principal, finding.resource)
                || finding.principal.map { Glob.matches(principal, $0) } == true)
    }

    /// The moment the exemption stops applying, if it has an expiry.
    public var expiryDate: Date? { expires.flatMap(ExpiryDate.parse) }

    /// Marks the findings that `exemptions` cover at `now`; returns the exemptions that have expired.
    public static func apply(_ exemptions: [Exemption], to findings: inout [Finding], now: Date) -> [Exemption] {
        var expired: [Exemption] = []
        for exemption in exemptions {
            if let end = exemption.expiryDate, end <= now {
                expired.append(exemption)
                continue
            }
            for index in findings.indices where findings[index].exemption == nil && exemption.covers(findings[index]) {
                findings[index].exemption = AppliedExemption(
                    reason: exemption.reason, owner: exemption.owner, expires: exemption.expires)
            }
        }
        return expired
    }
}
