import Foundation

/// Exemptions for break-glass accounts and other accepted risks (`--exemptions FILE`, YAML or JSON):
/// a list of `{rule, principal, reason, owner, expires}`. An exempted finding stays in the report,
/// marked, and does not count for the exit code; an expired exemption no longer applies and is reported.
public struct Exemption: Codable, Sendable, Hashable {
    /// A rule id, or `*` for every rule.
    public var rule: String
    /// An ARN, a user/role name, or a glob (`*`, `?`) over either.
    public var principal: String
    public var reason: String
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
    public var expiryDate: Date? {
        guard let expires else { return nil }
        if let date = HTTPDateParsing.iso8601(expires) { return date }
        if let day = HTTPDateParsing.day(expires) { return day.addingTimeInterval(86_400) }
        return nil
    }

    /// Loads and checks an exemptions file. JSON (a list, or `{"exemptions": [...]}`) or YAML (the same shapes).
    public static func load(from path: String) throws -> [Exemption] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MFAGuardFailure(.input, "cannot read exemptions file \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let items: [[String: String]]
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: data) else {
                throw MFAGuardFailure(.input, "\(path): not valid JSON")
            }
            let list = (object as? [Any]) ?? ((object as? [String: Any])?["exemptions"] as? [Any])
            guard let list else { throw MFAGuardFailure(.input, "\(path): expected a list of exemptions") }
            items = try list.enumerated().map { index, item in
                guard let dictionary = item as? [String: Any] else {
                    throw MFAGuardFailure(.input, "\(path): exemptions[\(index)] is not an object")
                }
                return dictionary.compactMapValues { value in
                    if let text = value as? String { return text }
                    if let number = value as? NSNumber { return number.stringValue }
                    return nil
                }
            }
        } else {
            items = try SimpleYAML.listOfMappings(text, path: path, key: "exemptions")
        }
        return try items.enumerated().map { index, item in
            let place = "\(path): exemptions[\(index)]"
            guard let rule = item["rule"], !rule.isEmpty else {
                throw MFAGuardFailure(.input, "\(place): 'rule' is missing")
            }
            guard rule == "*" || AuditRule.named(rule) != nil else {
                throw MFAGuardFailure(.input, "\(place): unknown rule '\(rule)'")
            }
            guard let principal = item["principal"], !principal.isEmpty else {
                throw MFAGuardFailure(.input, "\(place): 'principal' is missing")
            }
            guard let reason = item["reason"], !reason.isEmpty else {
                throw MFAGuardFailure(.input, "\(place): 'reason' is missing (say why the risk is accepted)")
            }
            let exemption = Exemption(
                rule: rule, principal: principal, reason: reason, owner: item["owner"], expires: item["expires"])
            if exemption.expires != nil, exemption.expiryDate == nil {
                throw MFAGuardFailure(.input, "\(place): 'expires' must be YYYY-MM-DD or an ISO 8601 date-time")
            }
            return exemption
        }
    }

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

/// `*` and `?` wildcards, case-sensitive, over the whole text.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let t = Array(text.unicodeScalars)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// Dates in exemption files.
enum HTTPDateParsing {
    static func iso8601(_ text: String) -> Date? {
        guard text.contains("T") else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    static func day(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
