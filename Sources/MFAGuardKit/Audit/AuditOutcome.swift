import MFAGuardConsole

extension AuditReport {
    /// How an audit ends by the exit-status table (README, "Exit codes"): `.partial` when some data could
    /// not be collected, else `.findings` when a finding that is not exempted is at or above `failOn`,
    /// else nil (success, exit 0).
    public func outcome(failOn: Severity) -> MFAGuardFailure.Kind? {
        if isPartial { return .partial }
        return failing(at: failOn).isEmpty ? nil : .findings
    }

    /// The failure the audit command ends with after printing this report in `format` (the report has
    /// said everything, so the message is empty); nil for exit 0. `--format nagios` follows the plugin
    /// convention: the state of `NagiosReport.state(of:thresholds:)` is the exit status, and its kind
    /// says which outcome of the table that state stands for.
    public func failure(format: ReportFormat, thresholds: AlertThresholds) -> MFAGuardFailure? {
        guard format == .nagios else { return outcome(failOn: thresholds.critical).map { MFAGuardFailure($0) } }
        let state = NagiosReport.state(of: self, thresholds: thresholds)
        return state.kind.map { MFAGuardFailure($0, reportStatus: state.exitCode) }
    }
}

extension NagiosState {
    /// The outcome of the exit-status table this plugin state reports: WARNING and CRITICAL are findings,
    /// UNKNOWN a partial audit (or one that failed, `MonitoringFailure.failure(_:in:)`); nil for OK.
    public var kind: MFAGuardFailure.Kind? {
        switch self {
        case .ok: nil
        case .warning, .critical: .findings
        case .unknown: .partial
        }
    }
}
