import AWSClient
import Foundation
import IAMPolicy
import MFAGuardConsole

/// Computes the plan that takes the account of a snapshot to the requested state, and runs the safety
/// checks on it. Pure: everything it knows comes from the snapshot, the request and the caller.
public enum EnforcementPlanner {
    /// The quotas the plan is checked against when `GetAccountSummary` does not give them (AWS's defaults,
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    static let defaultQuotas = [
        "VersionsPerPolicyQuota": 5, "AttachedPoliciesPerGroupQuota": 10, "AttachedPoliciesPerRoleQuota": 10,
        "GroupsPerUserQuota": 10,
    ]

    /// The actions whose loss would lock the caller out of undoing the enforcement.
    static let lockoutActions = [
        "iam:DetachGroupPolicy", "iam:RemoveUserFromGroup", "iam:DeletePolicy", "iam:CreatePolicyVersion",
        "iam:AttachGroupPolicy",
    ]

    /// The actions a user without MFA needs to enrol a virtual device.
    static let enrolmentActions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices"]

    /// The plan for `request` on the account of `snapshot`, run by `caller`. Named users that do not exist
    /// are an input error.
    public static func plan(
        _ request: EnforcementRequest, snapshot: AccountSnapshot, caller: EnforcementCaller
    ) throws -> EnforcementPlan {
        let account = snapshot.account.id
        let partition = snapshot.account.partition
        let auth = snapshot.authorization
        func policyARN(_ name: String) -> String { "arn:\(partition):iam::\(account):policy/\(name)" }
        let existingPolicies = Dictionary(auth.policies.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        let existingGroup = auth.groups.first { $0.groupName == request.group }
        var quotaProblems: [String] = []
        let quota = { (key: String) in snapshot.accountSummary[key] ?? defaultQuotas[key] ?? Int.max }

        var steps: [EnforcementStep] = []
        var wanted: [(name: String, document: PolicyDocument)] = [
            (request.requirePolicyName, PolicyGenerator.requireMFA(maxAge: request.maxAge)),
            (request.selfManagePolicyName, selfManageDocument(maxAge: request.maxAge)),
        ]
        let roleARN = request.adminRole.map { "arn:\(partition):iam::\(account):role/\($0)" }
        if let role = request.adminRole, let roleARN {
            wanted.append((request.assumePolicyName(role), assumePolicy(roleARN)))
        }
        for (name, document) in wanted {
            let arn = policyARN(name)
            let text = document.prettyJSON
            var step = EnforcementStep(
                kind: .createPolicy, change: true, target: name, policyName: name, policyARN: arn, document: text)
            if let existing = existingPolicies[arn] {
                step.policyID = existing.policyID.isEmpty ? nil : existing.policyID
                step.attachedTo = attachments(of: arn, in: auth)
                if let current = existing.defaultDocument, sameDocument(current, text) {
                    step.change = false
                } else {
                    step.kind = .createPolicyVersion
                    step.previousDefaultVersion = existing.defaultVersionID
                    if existing.versions.count >= quota("VersionsPerPolicyQuota") {
                        quotaProblems.append(
                            "policy \(name) already has \(existing.versions.count) versions (quota \(quota("VersionsPerPolicyQuota"))); delete an old version first"
                        )
                    }
                }
            }
            steps.append(step)
        }

        let groupID = existingGroup.flatMap { $0.groupID.isEmpty ? nil : $0.groupID }
        steps.append(
            EnforcementStep(
                kind: .createGroup, change: existingGroup == nil, target: request.group, group: request.group,
                groupID: groupID))
        let attached = Set(existingGroup?.attachedPolicies.map(\.policyARN) ?? [])
        for (name, _) in wanted {
            let arn = policyARN(name)
            steps.append(
                EnforcementStep(
                    kind: .attachGroupPolicy, change: !attached.contains(arn), target: "\(request.group)/\(name)",
                    policyName: name, policyARN: arn, group: request.group, groupID: groupID))
        }
        let newAttachments = wanted.filter { !attached.contains(policyARN($0.name)) }.count
        if attached.count + newAttachments > quota("AttachedPoliciesPerGroupQuota") {
            quotaProblems.append(
                "group \(request.group) would have \(attached.count + newAttachments) managed policies (quota \(quota("AttachedPoliciesPerGroupQuota")))"
            )
        }

        // Users in scope, exemptions left out.
        let usersByName = Dictionary(auth.users.map { ($0.userName, $0) }, uniquingKeysWith: { first, _ in first })
        var scope: [UserDetail]
        switch request.users {
        case .all:
            scope = auth.users.sorted { $0.userName < $1.userName }
        case .named(let names):
            let missing = names.filter { usersByName[$0] == nil }
            guard missing.isEmpty else {
                throw MFAGuardFailure(.input, "no such user in the account: \(missing.joined(separator: ", "))")
            }
            scope = names.compactMap { usersByName[$0] }
        }
        var exempted: [EnforcementPlan.ExemptedUser] = []
        scope = scope.filter { user in
            guard let exemption = exemption(for: user, in: request.exemptions, now: request.now) else { return true }
            exempted.append(.init(user: user.userName, reason: exemption.reason))
            return false
        }
        for user in scope {
            let isMember = user.groups.contains(request.group)
            steps.append(
                EnforcementStep(
                    kind: .addUserToGroup, change: !isMember, target: "\(request.group)/\(user.userName)",
                    group: request.group, user: user.userName, groupID: groupID))
            if !isMember, user.groups.count + 1 > quota("GroupsPerUserQuota") {
                quotaProblems.append(
                    "user \(user.userName) is already in \(user.groups.count) groups (quota \(quota("GroupsPerUserQuota")))"
                )
            }
        }

        if let role = request.adminRole {
            let existingRole = auth.roles.first { $0.roleName == role }
            steps.append(
                EnforcementStep(
                    kind: .createRole, change: existingRole == nil, target: role,
                    document: PolicyGenerator.mfaTrust(accounts: [account], maxAge: request.maxAge).prettyJSON,
                    role: role, roleID: existingRole.flatMap { $0.roleID.isEmpty ? nil : $0.roleID }))
            let roleAttached = Set(existingRole?.attachedPolicies.map(\.policyARN) ?? [])
            for arn in request.rolePolicyARNs {
                steps.append(
                    EnforcementStep(
                        kind: .attachRolePolicy, change: !roleAttached.contains(arn), target: "\(role)/\(arn)",
                        policyName: EffectivePolicies.name(of: arn), policyARN: arn, role: role,
                        roleID: existingRole.flatMap { $0.roleID.isEmpty ? nil : $0.roleID }))
            }
            let newRoleAttachments = request.rolePolicyARNs.filter { !roleAttached.contains($0) }.count
            if roleAttached.count + newRoleAttachments > quota("AttachedPoliciesPerRoleQuota") {
                quotaProblems.append(
                    "role \(role) would have \(roleAttached.count + newRoleAttachments) managed policies (quota \(quota("AttachedPoliciesPerRoleQuota")))"
                )
            }
        }

        var plan = EnforcementPlan(
            account: account, partition: partition, caller: caller.arn, group: request.group, steps: steps,
            exempted: exempted, usersWithoutMFA: scope.filter { !hasMFA($0.userName, snapshot) }.map(\.userName),
            checks: [])
        var after = EffectivePolicies(snapshot)
        after.apply(plan)
        let scopeNames = Set(scope.map(\.userName))
        plan.checks = [
            lockoutCheck(request, plan: plan, caller: caller, snapshot: snapshot, after: after),
            selfServiceCheck(request, plan: plan, snapshot: snapshot, after: after),
            adoptionCheck(request, plan: plan, scope: scopeNames, snapshot: snapshot),
            serviceUsersCheck(request, scope: scope, snapshot: snapshot),
            SafetyCheck(
                name: "quota", passed: quotaProblems.isEmpty,
                overridden: !quotaProblems.isEmpty && request.overrides.quota,
                message: quotaProblems.isEmpty
                    ? "within the account's IAM quotas (GetAccountSummary)"
                    : quotaProblems.joined(separator: "; ") + " — override with --allow-quota"),
        ]
        return plan
    }

    /// AWS's self-service policy; with `maxAge`, deactivating a device also needs a recent MFA sign-in, so
    /// that what enforce writes leaves no `mfa-max-age-missing` finding of mfaguard's own audit.
    static func selfManageDocument(maxAge: Int?) -> PolicyDocument {
        var document = PolicyGenerator.selfManageMFA()
        guard let maxAge else { return document }
        for index in document.statements.indices
        where document.statements[index].conditions.contains(where: { $0.key == MFAKey.present }) {
            document.statements[index].conditions.append(
                ConditionClause(ConditionOperator(.numericLessThan), MFAKey.age, [String(maxAge)]))
        }
        return document
    }

    /// Every entity the managed policy `arn` is attached to in the snapshot: `group G`, `user U`, `role R`.
    static func attachments(of arn: String, in auth: AuthorizationDetails) -> [String] {
        auth.groups.filter { $0.attachedPolicies.contains { $0.policyARN == arn } }.map { "group \($0.groupName)" }
            + auth.users.filter { $0.attachedPolicies.contains { $0.policyARN == arn } }.map { "user \($0.userName)" }
            + auth.roles.filter { $0.attachedPolicies.contains { $0.policyARN == arn } }.map { "role \($0.roleName)" }
    }

    /// The policy that lets the group assume the MFA-only role. The role's trust policy does the MFA check.
    static func assumePolicy(_ roleARN: String) -> PolicyDocument {
        PolicyDocument(statements: [
            Statement(
                sid: "AllowAssumeMFARole", effect: .allow, action: .action(["sts:AssumeRole"]),
                resource: .resource([roleARN]))
        ])
    }

    /// Whether two policy documents are the same JSON value (whitespace, key order and number spelling aside).
    public static func sameDocument(_ lhs: String, _ rhs: String) -> Bool { PolicyDocumentEquality.same(lhs, rhs) }

    /// An unexpired exemption that covers `user` for every rule or for a rule enforcement addresses.
    static func exemption(for user: UserDetail, in exemptions: [Exemption], now: Date) -> Exemption? {
        let rules: Set<String> = ["*", "console-user-mfa", "access-key-unguarded", "mfa-self-service-missing"]
        return exemptions.first { exemption in
            rules.contains(exemption.rule) && (exemption.expiryDate.map { $0 > now } ?? true)
                && (Glob.matches(exemption.principal, user.arn) || Glob.matches(exemption.principal, user.userName))
        }
    }

    static func hasMFA(_ userName: String, _ snapshot: AccountSnapshot) -> Bool {
        if let row = snapshot.credentialReport?.rows.first(where: { $0.user == userName }) { return row.mfaActive }
        return snapshot.virtualMFADevices.contains { $0.userName == userName && $0.enableDate != nil }
            || !(snapshot.mfaDevices[userName] ?? []).isEmpty
    }
}
