import AWSClient
import Foundation
import MFAGuardConsole

/// Executes an enforcement plan step by step with a write-ahead journal, and undoes a journal.
public struct EnforcementApplier: Sendable {
    /// The points of `apply` a test can stop the process at (mfaguard-core's `EnforceTestHook`,
    /// `MFAGUARD_TEST_EXIT_AT`): after the intent of step N (1-based) is synced, before its AWS call; and
    /// after its AWS call returned, before the outcome is written.
    public enum Checkpoint: Sendable, Equatable {
        case intentRecorded(step: Int)
        case callReturned(step: Int)
    }

    /// The IAM client the steps call; its credentials must be of the plan's account.
    public let iam: IAM
    /// Receives one line per step as it happens.
    public let progress: @Sendable (String) -> Void
    /// The clock for the journal's `startedAt` and each entry's `at`.
    public var now: @Sendable () -> Date
    /// Called at each checkpoint of `apply`; does nothing unless a test hook is installed.
    public var checkpoint: @Sendable (Checkpoint) -> Void

    /// An applier; `now` defaults to the system clock and `checkpoint` to doing nothing.
    public init(
        iam: IAM, progress: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Date = { Date() },
        checkpoint: @escaping @Sendable (Checkpoint) -> Void = { _ in }
    ) {
        self.iam = iam
        self.progress = progress
        self.now = now
        self.checkpoint = checkpoint
    }

    /// Executes the changing steps of `plan` in order. Before each AWS call the step is journalled as
    /// `pending` and the journal synced; after it, its outcome (request id, created ids). On the first
    /// failure it stops, prints what was done and the commands that undo it, and throws.
    public func apply(_ plan: EnforcementPlan, journalPath: String) async throws -> EnforcementJournal {
        let runID = UUID().uuidString.lowercased()
        var journal = EnforcementJournal(
            startedAt: now(), account: plan.account, caller: plan.caller, group: plan.group,
            partition: plan.partition, runID: runID)
        try journal.save(to: journalPath)
        for (number, planned) in plan.changes.enumerated() {
            var step = planned
            if step.kind == .createPolicyVersion, step.policyID == nil, let arn = step.policyARN {
                // Some endpoints (moto) leave PolicyId out of GetAccountAuthorizationDetails: record it from
                // GetPolicy, so that rollback can tell this policy from a later one of the same name.
                step.policyID = try await iam.getPolicy(arn: arn).flatMap { $0.policyID.isEmpty ? nil : $0.policyID }
            }
            journal.entries.append(EnforcementJournal.Entry(at: now(), step: step, status: .pending))
            let index = journal.entries.count - 1
            try journal.save(to: journalPath)
            checkpoint(.intentRecorded(step: number + 1))
            do {
                let outcome = try await execute(step, runID: runID)
                checkpoint(.callReturned(step: number + 1))
                journal.entries[index].status = .done
                journal.entries[index].requestID = outcome.requestID
                journal.entries[index].createdVersionID = outcome.versionID
                journal.entries[index].createdID = outcome.createdID
                try journal.save(to: journalPath)
                progress(
                    step.line + (outcome.versionID.map { " → \($0)" } ?? "")
                        + "  [request \(outcome.requestID ?? "?")]")
            } catch {
                journal.entries[index].status = .unknown
                if let service = error as? AWSServiceError {
                    journal.entries[index].status = .failed
                    journal.entries[index].requestID = service.requestID
                }
                journal.entries[index].error = String(describing: error)
                try journal.save(to: journalPath)
                let done = journal.entries.filter { $0.status == .done }.count
                progress("! failed: \(step.line.dropFirst(2)): \(error)")
                if journal.entries[index].status == .unknown {
                    progress("  (the connection broke: the change may have been made)")
                }
                progress("Stopped after \(done) change(s); journal: \(journalPath)")
                let commands = journal.undoCommands
                if !commands.isEmpty {
                    progress("To undo what was done:")
                    progress("  mfaguard enforce rollback --journal \(journalPath)")
                    progress("or with the AWS CLI:")
                    for command in commands { progress("  " + command) }
                }
                throw MFAGuardFailure(
                    .aws, "enforcement stopped at '\(step.line.dropFirst(2))': \(error); journal \(journalPath)")
            }
        }
        return journal
    }

    private struct Outcome {
        var requestID: String?
        var versionID: String?
        var createdID: String?
    }

    private func execute(_ step: EnforcementStep, runID: String) async throws -> Outcome {
        let arn = step.policyARN ?? ""
        let tags = [EnforcementJournal.tagKey: runID]
        switch step.kind {
        case .createPolicy:
            let created = try await iam.createPolicy(
                name: step.policyName ?? step.target, document: step.document ?? "",
                description: "Managed by mfaguard enforce", tags: tags)
            return Outcome(requestID: created.requestID, createdID: created.policy.policyID)
        case .createPolicyVersion:
            let created = try await iam.createPolicyVersion(arn: arn, document: step.document ?? "", setAsDefault: true)
            return Outcome(requestID: created.requestID, versionID: created.versionID)
        case .createGroup:
            let created = try await iam.createGroup(step.group ?? step.target)
            return Outcome(requestID: created.requestID, createdID: created.group.groupID)
        case .attachGroupPolicy:
            return Outcome(requestID: try await iam.attachGroupPolicy(groupName: step.group ?? "", policyARN: arn))
        case .addUserToGroup:
            return Outcome(
                requestID: try await iam.addUserToGroup(userName: step.user ?? "", groupName: step.group ?? ""))
        case .createRole:
            let created = try await iam.createRole(
                step.role ?? step.target, trustPolicy: step.document ?? "",
                description: "MFA-only role managed by mfaguard enforce", tags: tags)
            return Outcome(requestID: created.requestID, createdID: created.role.roleID)
        case .attachRolePolicy:
            return Outcome(requestID: try await iam.attachRolePolicy(roleName: step.role ?? "", policyARN: arn))
        }
    }
}
