import Foundation
import MFAGuardKit

/// `/metrics`: the audit's Prometheus exposition (`--format prometheus`'s renderer, or its failure form)
/// followed by the server's own series.
enum MetricsExposition {
    static func render(state: ServerState) async -> String {
        var out: String
        let lastSuccess = await state.lastSuccess
        if let error = await state.lastError {
            out = MonitoringFailure.render(reason: error, as: .prometheus, at: Date(), lastSuccess: lastSuccess) ?? ""
        } else if let report = await state.latestReport {
            out = (try? ReportRenderer.render(report, as: .prometheus, options: .init(lastSuccess: lastSuccess))) ?? ""
        } else {
            out = ""
        }
        let run = await state.lastRun
        let runs = await state.runs
        func gauge(_ name: String, _ help: String, _ value: String, type: String = "gauge") {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        gauge(
            "mfaguard_serve_ready", "1 after the first audit of this process finished.", await state.ready ? "1" : "0")
        gauge("mfaguard_serve_audit_running", "1 while an audit runs.", await state.running ? "1" : "0")
        if let run {
            gauge(
                "mfaguard_serve_last_run_new_findings", "Findings of the last run not in the one before.", "\(run.new)")
            gauge(
                "mfaguard_serve_last_run_resolved_findings", "Findings of the previous run gone in the last one.",
                "\(run.resolved)")
            gauge("mfaguard_serve_last_run_duration_seconds", "How long the last run took.", "\(run.durationSeconds)")
            if let requests = run.requests {
                gauge("mfaguard_serve_last_run_requests", "AWS requests the last run sent.", "\(requests)")
            }
        }
        out += "# HELP mfaguard_serve_runs_total Audit runs since the server started, by result.\n"
        out += "# TYPE mfaguard_serve_runs_total counter\n"
        out += "mfaguard_serve_runs_total{result=\"success\"} \(runs.succeeded)\n"
        out += "mfaguard_serve_runs_total{result=\"failure\"} \(runs.failed)\n"
        gauge(
            "mfaguard_serve_skipped_ticks_total", "Scheduled runs skipped because a run overran the interval.",
            "\(await state.skippedTicks)", type: "counter")
        return out
    }
}
