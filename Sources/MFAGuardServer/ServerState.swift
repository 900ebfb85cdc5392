import Foundation
import MFAGuardKit

/// What one audit gives the scheduler: the report and, when known, the AWS requests it sent.
public struct AuditResult: Sendable {
    /// The report.
    public var report: AuditReport
    /// AWS requests the audit sent, when the session counts them.
    public var requests: Int?

    /// A result of `report` and `requests`.
    public init(report: AuditReport, requests: Int?) {
        self.report = report
        self.requests = requests
    }
}

/// The server's live state, shared by the scheduler (writer) and the HTTP handlers (readers).
public actor ServerState {
    /// The latest successful report.
    public private(set) var latestReport: AuditReport?
    /// The latest run, successful or not.
    public private(set) var lastRun: RunRecord?
    /// The end of the latest successful run.
    public private(set) var lastSuccess: Date?
    /// Why the latest run failed (nil when it succeeded).
    public private(set) var lastError: String?
    /// Whether a run has finished since the server started (`/readyz`).
    public private(set) var ready = false
    /// Whether an audit is running now.
    public private(set) var running = false
    /// Ticks skipped because a run took longer than the interval.
    public private(set) var skippedTicks = 0
    /// Runs finished since start, by result.
    public private(set) var runs: (succeeded: Int, failed: Int) = (0, 0)

    /// A state that knows `lastSuccess` from the history (before the first run of this process).
    public init(lastSuccess: Date? = nil) {
        self.lastSuccess = lastSuccess
    }

    func started() { running = true }

    func succeeded(_ run: RunRecord, report: AuditReport) {
        latestReport = report
        lastRun = run
        lastError = nil
        lastSuccess = run.finishedAt
        ready = true
        running = false
        runs.succeeded += 1
    }

    func failed(_ run: RunRecord?, error: String) {
        lastRun = run ?? lastRun
        lastError = error
        ready = true
        running = false
        runs.failed += 1
    }

    func stopped() { running = false }

    func skipped(_ ticks: Int) { skippedTicks += ticks }
}
