import Foundation
import MFAGuardConsole

/// `--format prometheus`: the text exposition format
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) for node_exporter's
/// textfile collector. Every rule has a `mfaguard_findings` series (0 when clean), so an alert on a rule
/// does not depend on it having fired before. `mfaguard_audit_success` is 1 only for a complete run.
/// `mfaguard_audit_last_success_timestamp_seconds` is the time of this run when it is complete; after a
/// partial or failed run it is the value carried over from the previous exposition (`lastSuccess`, read
/// from the `--output` file being replaced) and left out when there is none: mfaguard keeps no history
/// outside `serve`, so a time it cannot know is not invented.
enum PrometheusReport {
    static func render(_ report: AuditReport, lastSuccess: Date? = nil) -> String {
        var out = ""
        success(report.isPartial ? 0 : 1, into: &out)
        family(
            "mfaguard_findings", "Findings of the last audit that are not exempted, by rule and severity.",
            into: &out)
        for entry in report.reportedRules {
            var severities = Set(report.findings.filter { $0.rule == entry.id }.map(\.severity))
            if let rule = entry.rule { severities.insert(rule.severity) }
            for severity in severities.sorted(by: >) {
                let count = report.findings.filter { !$0.isExempted && $0.rule == entry.id && $0.severity == severity }
                    .count
                sample("mfaguard_findings", ["rule": entry.id, "severity": severity.rawValue], count, into: &out)
            }
        }
        family("mfaguard_findings_exempted", "Findings of the last audit covered by an exemption, by rule.", into: &out)
        for entry in report.reportedRules {
            sample("mfaguard_findings_exempted", ["rule": entry.id], report.exemptedCount(rule: entry.id), into: &out)
        }
        family("mfaguard_principals", "Principals and policies the last audit examined, by kind.", into: &out)
        sample("mfaguard_principals", ["kind": "policy"], report.summary.policies, into: &out)
        sample("mfaguard_principals", ["kind": "role"], report.summary.roles, into: &out)
        sample("mfaguard_principals", ["kind": "user"], report.summary.users, into: &out)
        family("mfaguard_audit_collection_errors", "Data the last audit could not collect.", into: &out)
        sample("mfaguard_audit_collection_errors", [:], report.errors.count, into: &out)
        family("mfaguard_audit_partial", "1 when the last audit could not collect all data, else 0.", into: &out)
        sample("mfaguard_audit_partial", [:], report.isPartial ? 1 : 0, into: &out)
        family("mfaguard_audit_info", "The account the audit looked at and the report schema.", into: &out)
        sample(
            "mfaguard_audit_info",
            [
                "account": report.account.id, "partition": report.account.partition, "schema": report.schema,
                "version": MFAGuardVersion.current,
            ], 1, into: &out)
        family("mfaguard_audit_last_run_timestamp_seconds", "When the last audit ran (Unix time).", into: &out)
        sample(
            "mfaguard_audit_last_run_timestamp_seconds", [:], ReportDates.unixSeconds(report.generatedAt), into: &out)
        lastSuccessSample(report.isPartial ? lastSuccess : report.generatedAt, into: &out)
        if let dataAsOf = report.dataAsOf {
            family(
                "mfaguard_audit_data_timestamp_seconds",
                "When the credential report the audit used was generated (Unix time).", into: &out)
            sample("mfaguard_audit_data_timestamp_seconds", [:], ReportDates.unixSeconds(dataAsOf), into: &out)
        }
        return out
    }

    /// The exposition of a run that could not audit at all: success 0, when it ran, the carried-over
    /// last success when known, and the reason as a comment (the text format ignores other `#` lines).
    static func failure(reason: String, at now: Date, lastSuccess: Date?) -> String {
        var out = "# mfaguard audit failed: \(escapeHelp(reason))\n"
        success(0, into: &out)
        family("mfaguard_audit_last_run_timestamp_seconds", "When the last audit ran (Unix time).", into: &out)
        sample("mfaguard_audit_last_run_timestamp_seconds", [:], ReportDates.unixSeconds(now), into: &out)
        lastSuccessSample(lastSuccess, into: &out)
        return out
    }

    /// The last-success time an earlier exposition recorded, to carry it over a partial or failed run.
    static func lastSuccess(inExposition text: String) -> Date? {
        let name = "mfaguard_audit_last_success_timestamp_seconds"
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix(name + " ") {
            let value = line.dropFirst(name.count + 1).split(separator: " ").first.map(String.init) ?? ""
            if let seconds = Double(value), seconds.isFinite, seconds > 0 {
                return Date(timeIntervalSince1970: seconds)
            }
        }
        return nil
    }

    private static func success(_ value: Int, into out: inout String) {
        family(
            "mfaguard_audit_success",
            "1 when the last audit ran and collected all data, 0 when it failed or was partial.",
            into: &out)
        sample("mfaguard_audit_success", [:], value, into: &out)
    }

    private static func lastSuccessSample(_ date: Date?, into out: inout String) {
        guard let date else { return }
        family(
            "mfaguard_audit_last_success_timestamp_seconds",
            "When the last complete audit ran (Unix time); carried over from the previous output file after a "
                + "partial or failed run, absent when not known.", into: &out)
        sample("mfaguard_audit_last_success_timestamp_seconds", [:], ReportDates.unixSeconds(date), into: &out)
    }

    private static func family(_ name: String, _ help: String, into out: inout String) {
        out += "# HELP \(name) \(escapeHelp(help))\n# TYPE \(name) gauge\n"
    }

    private static func sample(_ name: String, _ labels: [String: String], _ value: Int, into out: inout String) {
        out += name
        if !labels.isEmpty {
            out += "{"
            out += labels.keys.sorted().map { "\($0)=\"\(escapeLabel(labels[$0]!))\"" }.joined(separator: ",")
            out += "}"
        }
        out += " \(value)\n"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// HELP text escapes backslash and line feed.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
