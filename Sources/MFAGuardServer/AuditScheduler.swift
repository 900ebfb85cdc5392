import Foundation
import Logging
import MFAGuardConsole
import MFAGuardKit
import ServiceLifecycle

/// Runs the audit at start and then every interval (with jitter), one at a time, and records each run in
/// the history. A run that takes longer than the interval makes the scheduler skip the ticks it overran
/// (logged as a warning and counted in `mfaguard_serve_skipped_ticks_total`); graceful shutdown cancels a
/// running audit (nothing is recorded for it: every write is one transaction, so the file stays consistent).
public struct AuditScheduler: Service {
    let store: HistoryStore
    let state: ServerState
    let configuration: ServeConfiguration
    let audit: @Sendable () async throws -> AuditResult
    let logger: Logger
    let random: @Sendable () -> Double

    /// A scheduler of `audit`, recording in `store` and publishing in `state`. `random` gives numbers in 0..<1
    /// for the jitter.
    public init(
        store: HistoryStore, state: ServerState, configuration: ServeConfiguration, logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        audit: @escaping @Sendable () async throws -> AuditResult
    ) {
        self.store = store
        self.state = state
        self.configuration = configuration
        self.audit = audit
        self.logger = logger
        self.random = random
    }

    /// The wait before the next tick: the interval times 1 ± jitter.
    func delay() -> Double {
        configuration.interval * (1 + configuration.jitter * (2 * random() - 1))
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var tick = Date()
            while !Task.isCancelled {
                await runOnce()
                tick += delay()
                var skipped = 0
                while tick < Date() {
                    tick += configuration.interval
                    skipped += 1
                }
                if skipped > 0 {
                    logger.warning(
                        "the audit took longer than the interval: skipped \(skipped) scheduled run(s)")
                    await state.skipped(skipped)
                }
                let wait = max(0, tick.timeIntervalSinceNow)
                do { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) } catch { return }
            }
        }
    }

    /// One audit, recorded (and the retention applied). Returns the run, nil when it was cancelled.
    @discardableResult
    public func runOnce() async -> RunRecord? {
        await state.started()
        let started = Date()
        do {
            let result = try await audit()
            let finished = Date()
            let json = Array(try ReportRenderer.render(result.report, as: .json).utf8)
            let run = try store.recordSuccess(
                result.report, reportJSON: json, startedAt: started, finishedAt: finished, requests: result.requests)
            await state.succeeded(run, report: result.report)
            logger.info("audit run \(run.id): \(run.total) findings, \(run.new) new, \(run.resolved) resolved")
            prune()
            return run
        } catch is CancellationError {
            await state.stopped()
            return nil
        } catch {
            if Task.isCancelled {
                await state.stopped()
                return nil
            }
            let message = MFAGuardFailure(wrapping: error)?.message ?? String(describing: error)
            logger.warning("audit failed: \(message)")
            let run = try? store.recordFailure(message, startedAt: started, finishedAt: Date())
            await state.failed(run, error: message)
            prune()
            return run
        }
    }

    private func prune() {
        guard let keep = configuration.keep else { return }
        do {
            let deleted = try store.deleteRuns(startedBefore: Date() - keep)
            if deleted > 0 { logger.info("deleted \(deleted) run(s) older than the retention") }
        } catch {
            logger.warning("could not apply the retention: \(error)")
        }
    }
}
