import AWSClient
import Foundation

/// Executes an enforcement plan step by step, journalling each change, and undoes a journal.
public struct EnforcementApplier: Sendable {
    public let iam: IAM
    /// Receives one line per step as it happens.
    public let progress: @Sendable (String) -> Void
    public var now: @Sendable () -> Date

    public init(
        iam: IAM, progress: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.iam = iam
        self.progress = progress
        self.now = now
    }

    /// Executes the changing steps of `plan` in order, saving the journal to `journalPath` after each.
    /// On the first failure it stops, prints what was done and the commands that undo it, and throws.
    public func apply(_ plan: EnforcementPlan, journalPath: String) async throws -> EnforcementJournal {
        var journal = EnforcementJournal(
            startedAt: now(), account: plan.account, caller: plan.caller, group: plan.group)
        try journal.save(to: journalPath)
        for step in plan.changes {
            var entry = EnforcementJournal.Entry(at: now(), step: step, status: .unknown)
            do {
                let (requestID, version) = try await execute(step)
                entry.status = .done
                entry.requestID = requestID
                entry.createdVersionID = version
                journal.entries.append(entry)
                try journal.save(to: journalPath)
                progress(step.line + (version.map { " → \($0)" } ?? "") + "  [request \(requestID ?? "?")]")
            } catch {
                if let service = error as? AWSServiceError {
                    entry.status = .failed
                    entry.requestID = service.requestID
                }
                entry.error = String(describing: error)
                journal.entries.append(entry)
                try journal.save(to: journalPath)
                let done = journal.entries.filter { $0.status == .done }.count
                progress("! failed: \(step.line.dropFirst(2)): \(error)")
                if entry.status == .unknown { progress("  (the connection broke: the change may have been made)") }
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

    private func execute(_ step: EnforcementStep) async throws -> (String?, String?) {
        let arn = step.policyARN ?? ""
        switch step.kind {
        case .createPolicy:
            return (
                try await iam.createPolicy(
                    name: step.policyName ?? step.target, document: step.document ?? "",
                    description: "Managed by mfaguard enforce"
                ).requestID, nil
            )
        case .createPolicyVersion:
            let created = try await iam.createPolicyVersion(arn: arn, document: step.document ?? "", setAsDefault: true)
            return (created.requestID, created.versionID)
        case .createGroup:
            return (try await iam.createGroup(step.group ?? step.target).requestID, nil)
        case .attachGroupPolicy:
            return (try await iam.attachGroupPolicy(groupName: step.group ?? "", policyARN: arn), nil)
        case .addUserToGroup:
            return (try await iam.addUserToGroup(userName: step.user ?? "", groupName: step.group ?? ""), nil)
        case .createRole:
            return (
                try await iam.createRole(
                    step.role ?? step.target, trustPolicy: step.document ?? "",
                    description: "MFA-only role managed by mfaguard enforce"
                ).requestID, nil
            )
        case .attachRolePolicy:
            return (try await iam.attachRolePolicy(roleName: step.role ?? "", policyARN: arn), nil)
        }
    }

    /// Undoes the journal at `journalPath`, last change first, checking the account's state before each
    /// undo so that a second rollback changes nothing. Returns the number of changes made.
    @discardableResult
    public func rollback(journalPath: String) async throws -> Int {
        var journal = try EnforcementJournal.load(from: journalPath)
        var changes = 0
        for index in journal.entries.indices.reversed() where journal.entries[index].status != .failed {
            let entry = journal.entries[index]
            let requestIDs = try await undo(entry)
            if requestIDs.isEmpty {
                progress("= already undone: \(entry.step.line.dropFirst(2))")
            } else {
                changes += 1
                progress(
                    "- undone: \(entry.step.line.dropFirst(2))  [request \(requestIDs.compactMap { $0 }.joined(separator: ", "))]"
                )
            }
            journal.entries[index].undoneAt = journal.entries[index].undoneAt ?? now()
            journal.entries[index].undoRequestIDs =
                (journal.entries[index].undoRequestIDs ?? []) + requestIDs.compactMap { $0 }
            try journal.save(to: journalPath)
        }
        progress(
            changes == 0
                ? "Nothing to undo: the journal's changes are already undone." : "Rolled back \(changes) change(s).")
        return changes
    }

    /// Undoes one entry if it is still in effect; returns the request ids of the calls made (none: already undone).
    private func undo(_ entry: EnforcementJournal.Entry) async throws -> [String?] {
        let step = entry.step
        let arn = step.policyARN ?? ""
        switch step.kind {
        case .createPolicy:
            guard try await iam.getPolicy(arn: arn) != nil else { return [] }
            var ids: [String?] = []
            for version in try await iam.listPolicyVersions(arn: arn) where !version.isDefaultVersion {
                ids.append(try await iam.deletePolicyVersion(arn: arn, versionID: version.versionID))
            }
            ids.append(try await iam.deletePolicy(arn: arn))
            return ids
        case .createPolicyVersion:
            guard let previous = step.previousDefaultVersion else { return [] }
            let versions = try await iam.listPolicyVersions(arn: arn)
            var created = versions.filter { $0.versionID == entry.createdVersionID }
            if entry.createdVersionID == nil {
                // Unknown outcome: the new version is the one holding the planned document.
                for version in versions where version.versionID != previous {
                    if let full = try await iam.getPolicyVersion(arn: arn, versionID: version.versionID),
                        let document = full.document, EnforcementPlanner.sameDocument(document, step.document ?? "")
                    {
                        created.append(version)
                    }
                }
            }
            var ids: [String?] = []
            if versions.contains(where: { $0.versionID == previous && !$0.isDefaultVersion }) {
                ids.append(try await iam.setDefaultPolicyVersion(arn: arn, versionID: previous))
            }
            for version in created where version.versionID != previous {
                ids.append(try await iam.deletePolicyVersion(arn: arn, versionID: version.versionID))
            }
            return ids
        case .createGroup:
            let name = step.group ?? step.target
            guard let group = try await iam.getGroup(name) else { return [] }
            var ids: [String?] = []
            for member in group.members {
                ids.append(try await iam.removeUserFromGroup(userName: member, groupName: name))
            }
            for policy in try await iam.listAttachedGroupPolicies(name) {
                ids.append(try await iam.detachGroupPolicy(groupName: name, policyARN: policy.policyARN))
            }
            ids.append(try await iam.deleteGroup(name))
            return ids
        case .attachGroupPolicy:
            let name = step.group ?? ""
            guard try await iam.getGroup(name) != nil,
                try await iam.listAttachedGroupPolicies(name).contains(where: { $0.policyARN == arn })
            else { return [] }
            return [try await iam.detachGroupPolicy(groupName: name, policyARN: arn)]
        case .addUserToGroup:
            let name = step.group ?? ""
            guard let group = try await iam.getGroup(name), group.members.contains(step.user ?? "") else { return [] }
            return [try await iam.removeUserFromGroup(userName: step.user ?? "", groupName: name)]
        case .createRole:
            let name = step.role ?? step.target
            guard try await iam.getRole(name) != nil else { return [] }
            var ids: [String?] = []
            for policy in try await iam.listAttachedRolePolicies(name) {
                ids.append(try await iam.detachRolePolicy(roleName: name, policyARN: policy.policyARN))
            }
            ids.append(try await iam.deleteRole(name))
            return ids
        case .attachRolePolicy:
            let name = step.role ?? ""
            guard try await iam.getRole(name) != nil,
                try await iam.listAttachedRolePolicies(name).contains(where: { $0.policyARN == arn })
            else { return [] }
            return [try await iam.detachRolePolicy(roleName: name, policyARN: arn)]
        }
    }
}
