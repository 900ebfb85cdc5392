import Foundation

/// The output formats of `mfaguard audit --format`, one renderer each (see docs/report-format.md).
public enum ReportFormat: String, CaseIterable, Sendable {
    /// For people: grouped by severity, ANSI colour when asked.
    case table
    /// `mfaguard.report/v1`, for programs (schema in docs/report.schema.json).
    case json
    /// RFC 4180, one row per finding, for spreadsheets.
    case csv
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// JUnit XML, for CI test reports.
    case junit
    /// One self-contained HTML page.
    case html
    /// PRTG "EXE/Script Advanced" sensor XML.
    case prtg
    /// Nagios/Icinga plugin output with perfdata; exit with `NagiosState.exitCode`.
    case nagios
    /// Prometheus text exposition, for node_exporter's textfile collector.
    case prometheus
}

/// How to render: what the caller knows about the terminal and the alert thresholds.
public struct ReportOptions: Sendable {
    /// ANSI colour in the `table` format; the CLI sets it on a terminal without `--no-color`/`NO_COLOR`.
    public var color: Bool
    /// Which severities make the Nagios state WARNING or CRITICAL (also the PRTG channel limits).
    public var thresholds: AlertThresholds
    /// Prometheus: the last complete audit an earlier exposition recorded, carried over a partial run.
    public var lastSuccess: Date?

    /// Plain text, the default thresholds, no earlier success.
    public init(color: Bool = false, thresholds: AlertThresholds = .init(), lastSuccess: Date? = nil) {
        self.color = color
        self.thresholds = thresholds
        self.lastSuccess = lastSuccess
    }
}

/// The severities at which monitoring formats raise an alert: findings at or above `critical` are critical,
/// those at or above `warning` (when set) a warning; everything below is informational.
public struct AlertThresholds: Sendable, Hashable {
    /// The lowest severity that makes a WARNING; nil for no WARNING state.
    public var warning: Severity?
    /// The lowest severity that makes a CRITICAL state.
    public var critical: Severity

    /// Defaults: high and critical findings are CRITICAL, medium ones WARNING, low ones only counted.
    public init(warning: Severity? = .medium, critical: Severity = .high) {
        self.warning = warning.map { min($0, critical) }
        self.critical = critical
    }

    /// The thresholds of `--fail-on SEVERITY`: findings at or above it are CRITICAL, none is WARNING.
    public init(failOn: Severity) {
        self.init(warning: nil, critical: failOn)
    }

    /// The alert level a finding of this severity raises, `nil` when it raises none.
    public func level(of severity: Severity) -> AlertLevel? {
        if severity >= critical { return .critical }
        if let warning, severity >= warning { return .warning }
        return nil
    }
}

/// An alert level of the monitoring formats.
public enum AlertLevel: Sendable, Hashable {
    case warning, critical
}
