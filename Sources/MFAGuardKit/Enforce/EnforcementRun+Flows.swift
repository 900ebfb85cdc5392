import AWSClient
import Foundation
import IAMPolicy
import Logging
import MFAGuardConsole

/// `mfaguard enforce apply` and `rollback` from start to end: the command parses its options, supplies
/// how to ask (`confirm`) and where lines go (`progress`), and calls one of these.
extension EnforcementRun {
    /// Asks the person running the command whether to make `changes` changes in account `account`;
    /// returns to go on and throws to stop (a refusal, or no terminal to ask on). `--yes` returns at once.
    public typealias Confirmation = (_ changes: Int, _ account: String) async throws -> Void

    /// `enforce apply`: plans `request` on a fresh snapshot and shows the plan; refuses (exit 2) when a
    /// safety check fails and is not overridden; stops when there is nothing to change; else asks
    /// `confirm`, applies the plan step by step with a write-ahead journal at `journalPath` (default: a
    /// timestamped file in the state directory), collects a second snapshot and shows the audit findings
    /// before and after (`compareAudits`).
    ///
    /// - Parameters:
    ///   - checkpoint: Called at each checkpoint of `EnforcementApplier.apply` (the test hook).
    ///   - progress: Receives each line (or block of lines) to show, without its final newline.
    /// - Returns: The journal written, or `nil` when there was nothing to change.
    @discardableResult
    public static func apply(
        _ request: EnforcementRequest, session: AWSSession, logger: Logger, journalPath: String?,
        checkpoint: @escaping @Sendable (EnforcementApplier.Checkpoint) -> Void = { _ in },
        confirm: Confirmation, progress: @escaping @Sendable (String) -> Void
    ) async throws -> EnforcementJournal? {
        let (plan, before) = try await Self.plan(request, session: session, logger: logger)
        progress(withoutFinalNewline(plan.renderText()))
        if let refusal = plan.refusals.first {
            throw MFAGuardFailure(.input, "refusing to apply: \(refusal.name): \(refusal.message)")
        }
        guard !plan.changes.isEmpty else {
            progress("Nothing to change: the account already matches the plan.")
            return nil
        }
        try await confirm(plan.changes.count, plan.account)
        let path =
            journalPath
            ?? EnforcementJournal.defaultPath(
                directory: EnforcementJournal.stateDirectory(
                    environment: session.environment.variables, home: session.environment.homeDirectory),
                now: Date())
        progress("Journal: \(path)")
        let applier = EnforcementApplier(iam: session.iam, progress: progress, checkpoint: checkpoint)
        let done = try await applier.apply(plan, journalPath: path)
        progress("Applied \(done.entries.count) change(s). Undo with: mfaguard enforce rollback --journal \(path)")
        let after = try await SnapshotCollector(session: session, logger: logger).collect()
        progress("")
        progress(
            withoutFinalNewline(
                compareAudits(before: before, after: after, exemptions: request.exemptions, now: Date())))
        return done
    }

    /// `enforce rollback`: loads the journal at `journalPath`, refuses (exit 2) credentials of another
    /// account or partition than the journal's, asks `confirm` about the journalled changes that did not
    /// fail, and undoes them last first (`EnforcementApplier.rollback`: a step whose target changed since
    /// apply is left alone, exit 4).
    ///
    /// - Parameter progress: Receives one line per step, without its final newline.
    /// - Returns: The number of changes made.
    @discardableResult
    public static func rollback(
        journalPath: String, session: AWSSession, confirm: Confirmation,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> Int {
        let recorded = try EnforcementJournal.load(from: journalPath)
        let identity = try await session.sts.getCallerIdentity()
        let partition = ARN(identity.arn)?.partition ?? "aws"
        try recorded.checkCaller(account: identity.account, partition: partition, arn: identity.arn, path: journalPath)
        try await confirm(recorded.entries.filter { $0.status != .failed }.count, recorded.account)
        return try await EnforcementApplier(iam: session.iam, progress: progress).rollback(
            journalPath: journalPath, callerAccount: identity.account, callerPartition: partition,
            callerARN: identity.arn)
    }

    /// The reports end in a newline; `progress` takes text without one.
    private static func withoutFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
