import Foundation

/// `--format prometheus`: the text exposition format
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) for node_exporter's
/// textfile collector. Every rule has a `mfaguard_findings` series (0 when clean), so an alert on a rule
/// does not depend on it having fired before. `mfaguard_audit_last_success_timestamp_seconds` is written
/// only by a complete run: a partial run leaves it out, and `mfaguard_audit_partial` says why.
enum PrometheusReport {
    static func render(_ report: AuditReport) -> String {
        var out = ""
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
        if !report.isPartial {
            family(
                "mfaguard_audit_last_success_timestamp_seconds",
                "When the last complete audit ran (Unix time); absent after a partial run.", into: &out)
            sample(
                "mfaguard_audit_last_success_timestamp_seconds", [:], ReportDates.unixSeconds(report.generatedAt),
                into: &out)
        }
        if let dataAsOf = report.dataAsOf {
            family(
                "mfaguard_audit_data_timestamp_seconds",
                "When the credential report the audit used was generated (Unix time).", into: &out)
            sample("mfaguard_audit_data_timestamp_seconds", [:], ReportDates.unixSeconds(dataAsOf), into: &out)
        }
        return out
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
