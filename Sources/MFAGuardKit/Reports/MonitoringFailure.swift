import Foundation
import MFAGuardConsole

/// What the monitoring formats print when the audit could not run at all (unreachable endpoint, bad
/// profile, expired token, bad arguments): a monitoring system must show a failed check, not a stale or
/// empty one.
///
/// - nagios: one `MFAGUARD UNKNOWN - <reason>` line (plugin guidelines: UNKNOWN for invalid arguments and
///   internal failures; exit 3).
/// - prtg: `<prtg><error>1</error><text>reason</text></prtg>` (the EXE/Script Advanced error form).
/// - prometheus: `mfaguard_audit_success 0`, when the last run happened, and the time of the last complete
///   audit when the previous exposition file (`--output FILE`) recorded it.
public enum MonitoringFailure {
    /// The formats whose consumers read only what is printed, so a failure must be printed in the format.
    public static func handles(_ format: ReportFormat) -> Bool {
        [.nagios, .prtg, .prometheus].contains(format)
    }

    /// The failure in `format`; nil for the formats that report failures on stderr only.
    public static func render(
        reason: String, as format: ReportFormat, at now: Date, lastSuccess: Date? = nil
    ) -> String? {
        let reason = TextEscaping.singleLine(reason.isEmpty ? "the audit failed" : reason)
        switch format {
        case .nagios:
            return "MFAGUARD UNKNOWN - " + reason.replacingOccurrences(of: "|", with: "¦") + "\n"
        case .prtg:
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prtg>\n  <error>1</error>\n"
                + "  <text>\(TextEscaping.xml(PRTGReport.truncate(reason)))</text>\n</prtg>\n"
        case .prometheus:
            return PrometheusReport.failure(reason: reason, at: now, lastSuccess: lastSuccess)
        default:
            return nil
        }
    }

    /// The `mfaguard_audit_last_success_timestamp_seconds` an earlier `--format prometheus` output recorded.
    public static func lastSuccess(inPrometheusExposition text: String) -> Date? {
        PrometheusReport.lastSuccess(inExposition: text)
    }

    /// What a failed run in `format` ends with: for Nagios the same failure with the plugin's UNKNOWN
    /// status (3), else the failure itself (its kind's status).
    public static func failure(_ failure: MFAGuardFailure, in format: ReportFormat) -> MFAGuardFailure {
        guard format == .nagios else { return failure }
        return MFAGuardFailure(failure.kind, failure.message, reportStatus: NagiosState.unknown.exitCode)
    }
}
