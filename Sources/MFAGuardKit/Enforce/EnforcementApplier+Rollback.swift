import AWSClient
import Foundation
import MFAGuardConsole

/// `mfaguard enforce rollback`: undoes a journal, last change first, touching only what the journal can
/// prove is the entity it recorded (same account, same id, same tag).
extension EnforcementApplier {
    /// What undoing one entry came to.
    enum Undo {
        /// Nothing left to undo: the target is gone or already as it was.
        case alreadyUndone
        /// Undone with these calls' request ids.
        case undone([String])
        /// The target is not the one the journal recorded, or is used by something else now.
        case leftAlone(String)
    }

    /// How far a group may have been created before its intent was journalled (clocks of this host and AWS).
    static let clockTolerance: TimeInterval = 300

    /// Undoes the journal at `journalPath` in the caller's account, last change first, reading the state
    /// before each undo so that a second rollback changes nothing. Refuses (exit 2) a caller of another
    /// account; a step whose target changed since apply is left alone and reported (exit 4). Returns the
    /// number of changes made.
    @discardableResult
    public func rollback(journalPath: String, callerAccount: String, callerPartition: String, callerARN: String)
        async throws -> Int
    {
        var journal = try EnforcementJournal.load(from: journalPath)
        try journal.checkCaller(account: callerAccount, partition: callerPartition, arn: callerARN, path: journalPath)
        var changes = 0
        var leftAlone: [String] = []
        for index in journal.entries.indices.reversed() where journal.entries[index].status != .failed {
            let entry = journal.entries[index]
            let line = String(entry.step.line.dropFirst(2))
            var outcome: Undo
            do {
                outcome = try await undo(entry, in: journal)
            } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
                // Journals rolled back out of order: the target went with an earlier rollback.
                outcome = .alreadyUndone
            }
            switch outcome {
            case .alreadyUndone:
                progress("= already undone: \(line)")
            case .undone(let requestIDs):
                changes += 1
                progress("- undone: \(line)  [request \(requestIDs.joined(separator: ", "))]")
                journal.entries[index].undoRequestIDs = (journal.entries[index].undoRequestIDs ?? []) + requestIDs
            case .leftAlone(let reason):
                leftAlone.append(line)
                progress("! changed since apply, left alone: \(line) (\(reason))")
                continue
            }
            journal.entries[index].undoneAt = journal.entries[index].undoneAt ?? now()
            try journal.save(to: journalPath)
        }
        progress(
            changes == 0 && leftAlone.isEmpty
                ? "Nothing to undo: the journal's changes are already undone." : "Rolled back \(changes) change(s).")
        guard leftAlone.isEmpty else {
            throw MFAGuardFailure(
                .partial,
                "\(leftAlone.count) step(s) changed since apply, left alone: \(leftAlone.joined(separator: "; "))")
        }
        return changes
    }

    /// The id the journal expects of the group `name`: recorded by the plan (an existing group) or by the
    /// journal's own `createGroup` step.
    private func groupProof(_ name: String, _ step: EnforcementStep, in journal: EnforcementJournal) async throws
        -> Undo?
    {
        guard let group = try await iam.getGroup(name) else { return .alreadyUndone }
        let creation = journal.entries.first { $0.step.kind == .createGroup && $0.step.group == name }
        if let expected = step.groupID ?? creation?.createdID {
            return group.group.groupID == expected
                ? nil : .leftAlone("group \(name) has id \(group.group.groupID), the journal recorded \(expected)")
        }
        // Created by a step whose outcome was never journalled: the group must be younger than that intent.
        if let creation, let created = group.group.createDate,
            created >= creation.at.addingTimeInterval(-Self.clockTolerance)
        {
            return nil
        }
        return .leftAlone("the journal recorded no id of group \(name) and its creation date does not prove it")
    }

    private func roleProof(_ name: String, _ step: EnforcementStep, in journal: EnforcementJournal) async throws
        -> Undo?
    {
        guard let role = try await iam.getRole(name) else { return .alreadyUndone }
        let creation = journal.entries.first { $0.step.kind == .createRole && $0.step.role == name }
        if let expected = step.roleID ?? creation?.createdID {
            return role.roleID == expected
                ? nil : .leftAlone("role \(name) has id \(role.roleID), the journal recorded \(expected)")
        }
        if creation != nil, let runID = journal.runID,
            try await iam.listRoleTags(name)[EnforcementJournal.tagKey] == runID
        {
            return nil
        }
        return .leftAlone("role \(name) does not carry this run's tag \(EnforcementJournal.tagKey)")
    }

    /// Undoes one entry if it is still in effect on the entity the journal recorded.
    func undo(_ entry: EnforcementJournal.Entry, in journal: EnforcementJournal) async throws -> Undo {
        let step = entry.step
        let arn = step.policyARN ?? ""
        switch step.kind {
        case .createPolicy:
            guard let policy = try await iam.getPolicy(arn: arn) else { return .alreadyUndone }
            if let expected = entry.createdID, policy.policyID != expected {
                return .leftAlone("policy has id \(policy.policyID), the journal recorded \(expected)")
            }
            guard let runID = journal.runID, try await iam.listPolicyTags(arn: arn)[EnforcementJournal.tagKey] == runID
            else { return .leftAlone("the policy does not carry this run's tag \(EnforcementJournal.tagKey)") }
            guard policy.attachmentCount == 0 else {
                return .leftAlone("the policy is still attached to \(policy.attachmentCount) entities")
            }
            var ids: [String?] = []
            for version in try await iam.listPolicyVersions(arn: arn) where !version.isDefaultVersion {
                ids.append(try await iam.deletePolicyVersion(arn: arn, versionID: version.versionID))
            }
            ids.append(try await iam.deletePolicy(arn: arn))
            return .undone(ids.compactMap { $0 })
        case .createPolicyVersion:
            guard let previous = step.previousDefaultVersion,
                let policy = try await iam.getPolicy(arn: arn)
            else { return .alreadyUndone }
            if let expected = step.policyID, policy.policyID != expected {
                return .leftAlone("policy has id \(policy.policyID), the journal recorded \(expected)")
            }
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
            return ids.isEmpty ? .alreadyUndone : .undone(ids.compactMap { $0 })
        case .createGroup:
            let name = step.group ?? step.target
            if let refusal = try await groupProof(name, step, in: journal) { return refusal }
            guard let group = try await iam.getGroup(name) else { return .alreadyUndone }
            var ids: [String?] = []
            for member in group.members {
                ids.append(try await iam.removeUserFromGroup(userName: member, groupName: name))
            }
            for policy in try await iam.listAttachedGroupPolicies(name) {
                ids.append(try await iam.detachGroupPolicy(groupName: name, policyARN: policy.policyARN))
            }
            ids.append(try await iam.deleteGroup(name))
            return .undone(ids.compactMap { $0 })
        case .attachGroupPolicy:
            let name = step.group ?? ""
            if let refusal = try await groupProof(name, step, in: journal) { return refusal }
            guard try await iam.listAttachedGroupPolicies(name).contains(where: { $0.policyARN == arn }) else {
                return .alreadyUndone
            }
            return .undone([try await iam.detachGroupPolicy(groupName: name, policyARN: arn)].compactMap { $0 })
        case .addUserToGroup:
            let name = step.group ?? ""
            if let refusal = try await groupProof(name, step, in: journal) { return refusal }
            guard let group = try await iam.getGroup(name), group.members.contains(step.user ?? "") else {
                return .alreadyUndone
            }
            return .undone(
                [try await iam.removeUserFromGroup(userName: step.user ?? "", groupName: name)].compactMap { $0 })
        case .createRole:
            let name = step.role ?? step.target
            if let refusal = try await roleProof(name, step, in: journal) { return refusal }
            var ids: [String?] = []
            for policy in try await iam.listAttachedRolePolicies(name) {
                ids.append(try await iam.detachRolePolicy(roleName: name, policyARN: policy.policyARN))
            }
            ids.append(try await iam.deleteRole(name))
            return .undone(ids.compactMap { $0 })
        case .attachRolePolicy:
            let name = step.role ?? ""
            if let refusal = try await roleProof(name, step, in: journal) { return refusal }
            guard try await iam.listAttachedRolePolicies(name).contains(where: { $0.policyARN == arn }) else {
                return .alreadyUndone
            }
            return .undone([try await iam.detachRolePolicy(roleName: name, policyARN: arn)].compactMap { $0 })
        }
    }
}
