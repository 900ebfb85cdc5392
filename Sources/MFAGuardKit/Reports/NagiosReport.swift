import Foundation

/// A Nagios/Icinga plugin state and the exit code that reports it
/// (https://nagios-plugins.org/doc/guidelines.html#AEN78).
public enum NagiosState: Int32, Sendable, Comparable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    /// The plugin's exit code.
    public var exitCode: Int32 { rawValue }

    /// The word plugin output starts with.
    public var label: String {
        switch self {
        case .ok: "OK"
        case .warning: "WARNING"
        case .critical: "CRITICAL"
        case .unknown: "UNKNOWN"
        }
    }

    /// Orders by which state wins: OK < WARNING < UNKNOWN < CRITICAL.
    public static func < (lhs: NagiosState, rhs: NagiosState) -> Bool {
        lhs.severityRank < rhs.severityRank
    }

    /// OK < WARNING < UNKNOWN < CRITICAL: the order in which states override each other.
    private var severityRank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .critical: 3
        }
    }
}

/// `--format nagios`: one status line with perfdata, then one line per finding (Nagios 3+ long output).
///
///     MFAGUARD CRITICAL - 3 critical, 5 high findings | critical=3;;0;0 high=5;;0;0 …
///
/// The state: CRITICAL when a non-exempted finding reaches `thresholds.critical`; otherwise UNKNOWN when
/// the run is partial (missing data could hide anything); otherwise WARNING when one reaches
/// `thresholds.warning`; otherwise OK.
public enum NagiosReport {
    /// The plugin state of a report; the CLI exits with its `exitCode` for `--format nagios`.
    public static func state(of report: AuditReport, thresholds: AlertThresholds = .init()) -> NagiosState {
        let levels = report.findings.filter { !$0.isExempted }.compactMap { thresholds.level(of: $0.severity) }
        if levels.contains(.critical) { return .critical }
        if report.isPartial { return .unknown }
        if levels.contains(.warning) { return .warning }
        return .ok
    }

    static func render(_ report: AuditReport, thresholds: AlertThresholds) -> String {
        let state = state(of: report, thresholds: thresholds)
        var status = "MFAGUARD \(state.label) - "
        let counts = Severity.allCases.reversed().compactMap { severity -> String? in
            let count = report.activeCount(severity)
            return count > 0 ? "\(count) \(severity.rawValue)" : nil
        }
        if counts.isEmpty {
            status += "no findings"
        } else {
            status += counts.joined(separator: ", ") + (report.summary.total == 1 ? " finding" : " findings")
        }
        if report.summary.exempted > 0 { status += ", \(report.summary.exempted) exempted" }
        if report.isPartial {
            status += "; partial audit, \(report.errors.count) collection error(s)"
        }
        var lines = ["\(clean(status)) | \(perfdata(report, thresholds: thresholds).joined(separator: " "))"]
        for error in report.errors {
            lines.append(clean("collection error: \(error.operation): \(error.message)"))
        }
        for finding in report.orderedFindings {
            var line = "[\(finding.severity.rawValue)] \(finding.rule) \(finding.displayPrincipal): \(finding.title)"
            if let exemption = finding.exemption { line += " (exempted: \(exemption.reason))" }
            line += " -- fix: \(finding.remediation)"
            lines.append(clean(line))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Perfdata in the plugin guidelines' form `'label'=value[UOM];[warn];[crit];[min];[max]`: a count per
    /// severity and per rule, with the thresholds as "more than 0", then exempted findings and errors.
    static func perfdata(_ report: AuditReport, thresholds: AlertThresholds) -> [String] {
        func item(_ label: String, _ value: Int, _ level: AlertLevel?) -> String {
            let warn = level == .warning ? "0" : ""
            let crit = level == .critical ? "0" : ""
            return "\(label)=\(value);\(warn);\(crit);0"
        }
        var items = Severity.allCases.reversed().map { severity in
            item(severity.rawValue, report.activeCount(severity), thresholds.level(of: severity))
        }
        for entry in report.reportedRules {
            let label =
                entry.id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                ? entry.id : "'" + entry.id.replacingOccurrences(of: "'", with: "''") + "'"
            let level = thresholds.level(of: entry.rule?.severity ?? .low)
            items.append(item(label, report.activeCount(rule: entry.id), level))
        }
        items.append(item("exempted", report.summary.exempted, nil))
        items.append(item("collection_errors", report.errors.count, nil))
        return items
    }

    /// Plugin output is line-oriented and `|` starts perfdata: keep each line on one line, without pipes.
    private static func clean(_ text: String) -> String {
        TextEscaping.singleLine(text).replacingOccurrences(of: "|", with: "¦")
    }
}
