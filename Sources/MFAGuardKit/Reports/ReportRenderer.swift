import Foundation
import IAMPolicy
import JSON

/// Turns an `AuditReport` into the bytes of one output format.
///
/// The CLI calls `render(_:as:options:)`, then ends with `AuditReport.failure(format:thresholds:)`
/// (for `--format nagios`, the exit code of `NagiosReport.state(of:thresholds:)`).
public enum ReportRenderer {
    /// The report as text in `format` (every format is text; its bytes are its UTF-8).
    public static func render(_ report: AuditReport, as format: ReportFormat, options: ReportOptions = .init())
        throws -> String
    {
        switch format {
        case .table: TableReport.render(report, color: options.color)
        case .json: JSONReport.render(report)
        case .csv: CSVReport.render(report)
        case .sarif: SARIFReport.render(report)
        case .junit: JUnitReport.render(report)
        case .html: HTMLReport.render(report)
        case .prtg: PRTGReport.render(report, thresholds: options.thresholds)
        case .nagios: NagiosReport.render(report, thresholds: options.thresholds)
        case .prometheus: PrometheusReport.render(report, lastSuccess: options.lastSuccess)
        }
    }
}

extension AuditReport {
    /// Findings in the order every format lists them: most severe first, then by rule (in
    /// `AuditRule.all` order), principal and resource, so the output does not depend on collection order.
    var orderedFindings: [Finding] {
        findings.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            let lhsRule = AuditRule.position(of: lhs.rule)
            let rhsRule = AuditRule.position(of: rhs.rule)
            if lhsRule != rhsRule { return lhsRule < rhsRule }
            if (lhs.principal ?? "") != (rhs.principal ?? "") { return (lhs.principal ?? "") < (rhs.principal ?? "") }
            if lhs.resource != rhs.resource { return lhs.resource < rhs.resource }
            if (lhs.policy ?? "") != (rhs.policy ?? "") { return (lhs.policy ?? "") < (rhs.policy ?? "") }
            return lhs.title < rhs.title
        }
    }

    /// Every rule in `AuditRule.all` order, followed by any rule id a finding names that is not one of them
    /// (a report written by a newer version), so per-rule outputs never drop a finding.
    var reportedRules: [(id: String, rule: AuditRule?)] {
        var rules: [(id: String, rule: AuditRule?)] = AuditRule.all.map { ($0.id, $0) }
        for id in Set(findings.map(\.rule)).subtracting(AuditRule.all.map(\.id)).sorted() {
            rules.append((id, nil))
        }
        return rules
    }

    /// Non-exempted findings per severity.
    func activeCount(_ severity: Severity) -> Int {
        findings.filter { !$0.isExempted && $0.severity == severity }.count
    }

    /// Non-exempted findings of one rule.
    func activeCount(rule id: String) -> Int {
        findings.filter { !$0.isExempted && $0.rule == id }.count
    }

    /// Exempted findings of one rule.
    func exemptedCount(rule id: String) -> Int {
        findings.filter { $0.isExempted && $0.rule == id }.count
    }
}

extension AuditRule {
    /// Index in `AuditRule.all`; unknown ids sort last.
    static func position(of id: String) -> Int {
        all.firstIndex { $0.id == id } ?? all.count
    }
}

extension Finding {
    /// The name reports show for the principal: the user or role name (with the inline policy the finding
    /// is about, if any), else the resource ARN.
    var displayPrincipal: String {
        guard let principal else { return resource }
        return policy.map { "\(principal) (inline policy \($0))" } ?? principal
    }

    /// A short name for lists where space is scarce: the principal, else the resource part of the ARN
    /// (`root`, `policy/Name`, `mfa/device`), prefixed with its account when that is not `account`.
    func shortName(in account: String) -> String {
        if let principal { return principal }
        guard let arn = ARN(resource) else { return resource }
        return arn.account == account || arn.account.isEmpty ? arn.resource : "\(arn.account):\(arn.resource)"
    }
}

/// ISO 8601 timestamps in UTC with whole seconds, as every format writes them.
enum ReportDates {
    /// `2026-11-18T11:06:40Z`, from the one formatter (`JSON.ISO8601`).
    static func iso8601(_ date: Date) -> String {
        ISO8601.format(secondsSince1970: date.timeIntervalSince1970)
    }

    /// Whole seconds since 1970 for metrics.
    static func unixSeconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }

    /// "3h 20m", "2d 4h", "45s": how old the data was when the report was made.
    static func age(from start: Date, to end: Date) -> String {
        let seconds = max(0, Int(end.timeIntervalSince(start)))
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3600
        let minutes = seconds % 3600 / 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(seconds)s"
    }
}

extension AuditReport {
    /// True when the credential report (users' passwords, MFA and keys, and the data's date) is among
    /// what could not be collected; `dataAsOf` then says nothing about the account's state.
    var credentialReportMissing: Bool {
        errors.contains { $0.operation.localizedCaseInsensitiveContains("CredentialReport") }
    }

    /// True when the run is partial and not one principal, policy or credential report row came back:
    /// an empty list of findings then means nothing at all.
    var nothingCollected: Bool {
        isPartial && credentialReportMissing && summary.users == 0 && summary.roles == 0 && summary.policies == 0
    }

    /// One line on how old the data is, for the table and HTML headers. The date is the one the
    /// credential report itself carries (AWS's GeneratedTime; an emulator may report a fixed old date),
    /// and is not shown at all when the report could not be collected.
    var dataAgeDescription: String {
        if credentialReportMissing { return "credential report not collected: no data date" }
        guard let dataAsOf else { return "data age unknown" }
        return "data as of \(ReportDates.iso8601(dataAsOf)), the date the credential report carries "
            + "(\(ReportDates.age(from: dataAsOf, to: generatedAt)) old)"
    }

    /// The headline when there is no finding: "requires MFA" only when everything was collected.
    var noFindingsHeadline: String {
        if nothingCollected {
            return "Nothing could be collected: the audit saw no user, role, policy or credential report, "
                + "so it cannot say whether MFA is required."
        }
        if isPartial {
            return "No findings in the data that could be collected; the audit is partial, "
                + "so ways in without MFA may be missing."
        }
        return "No findings: every way in that mfaguard checks requires MFA."
    }

    /// The warning a partial report starts with, before any finding.
    var partialBanner: String? {
        guard isPartial else { return nil }
        let operations = errors.map(\.operation)
        let shown = operations.prefix(3).joined(separator: ", ") + (operations.count > 3 ? ", …" : "")
        return "PARTIAL AUDIT: \(errors.count) collection error(s) (\(shown)); the findings cover only what "
            + "was collected (details at the end)."
    }
}
