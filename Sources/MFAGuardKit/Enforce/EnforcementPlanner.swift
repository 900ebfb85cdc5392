import AWSClient
import Foundation
import IAMPolicy

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
            (EnforcementRequest.requirePolicyName, PolicyGenerator.requireMFA(maxAge: request.maxAge)),
            (EnforcementRequest.selfManagePolicyName, PolicyGenerator.selfManageMFA()),
        ]
        let roleARN = request.adminRole.map { "arn:\(partition):iam::\(account):role/\($0)" }
        if let role = request.adminRole, let roleARN {
            wanted.append((EnforcementRequest.assumePolicyName(role), assumePolicy(roleARN)))
        }
        for (name, document) in wanted {
            let arn = policyARN(name)
            let text = document.prettyJSON
            var step = EnforcementStep(
                kind: .createPolicy, change: true, target: name, policyName: name, policyARN: arn, document: text)
            if let existing = existingPolicies[arn] {
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

        steps.append(
            EnforcementStep(
                kind: .createGroup, change: existingGroup == nil, target: request.group, group: request.group))
        let attached = Set(existingGroup?.attachedPolicies.map(\.policyARN) ?? [])
        for (name, _) in wanted {
            let arn = policyARN(name)
            steps.append(
                EnforcementStep(
                    kind: .attachGroupPolicy, change: !attached.contains(arn), target: "\(request.group)/\(name)",
                    policyName: name, policyARN: arn, group: request.group))
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
                    group: request.group, user: user.userName))
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
                    role: role))
            let roleAttached = Set(existingRole?.attachedPolicies.map(\.policyARN) ?? [])
            for arn in request.rolePolicyARNs {
                steps.append(
                    EnforcementStep(
                        kind: .attachRolePolicy, change: !roleAttached.contains(arn), target: "\(role)/\(arn)",
                        policyName: EffectivePolicies.name(of: arn), policyARN: arn, role: role))
            }
            let newRoleAttachments = request.rolePolicyARNs.filter { !roleAttached.contains($0) }.count
            if roleAttached.count + newRoleAttachments > quota("AttachedPoliciesPerRoleQuota") {
                quotaProblems.append(
                    "role \(role) would have \(roleAttached.count + newRoleAttachments) managed policies (quota \(quota("AttachedPoliciesPerRoleQuota")))"
                )
            }
        }

        var plan = EnforcementPlan(
            account: account, caller: caller.arn, group: request.group, steps: steps, exempted: exempted,
            usersWithoutMFA: scope.filter { !hasMFA($0.userName, snapshot) }.map(\.userName), checks: [])
        var after = EffectivePolicies(snapshot)
        after.apply(plan)
        plan.checks = [
            lockoutCheck(request, plan: plan, caller: caller, snapshot: snapshot, after: after),
            selfServiceCheck(request, plan: plan, snapshot: snapshot, after: after),
            SafetyCheck(
                name: "quota", passed: quotaProblems.isEmpty,
                overridden: !quotaProblems.isEmpty && request.overrides.quota,
                message: quotaProblems.isEmpty
                    ? "within the account's IAM quotas (GetAccountSummary)"
                    : quotaProblems.joined(separator: "; ") + " — override with --allow-quota"),
        ]
        return plan
    }

    /// The policy that lets the group assume the MFA-only role. The role's trust policy does the MFA check.
    static func assumePolicy(_ roleARN: String) -> PolicyDocument {
        PolicyDocument(statements: [
            Statement(
                sid: "AllowAssumeMFARole", effect: .allow, action: .action(["sts:AssumeRole"]),
                resource: .resource([roleARN]))
        ])
    }

    /// Whether two policy documents are the same JSON value (whitespace and key order aside).
    static func sameDocument(_ lhs: String, _ rhs: String) -> Bool {
        guard let left = try? JSONSerialization.jsonObject(with: Data(lhs.utf8)) as? NSDictionary,
            let right = try? JSONSerialization.jsonObject(with: Data(rhs.utf8)) as? NSDictionary
        else { return lhs == rhs }
        return left.isEqual(right)
    }

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

    static func context(user: String, _ state: MFAState) -> RequestContext {
        var context = state.context
        context["aws:username"] = [user]
        return context
    }

    static func lockoutCheck(
        _ request: EnforcementRequest, plan: EnforcementPlan, caller: EnforcementCaller, snapshot: AccountSnapshot,
        after: EffectivePolicies
    ) -> SafetyCheck {
        func pass(_ message: String) -> SafetyCheck {
            SafetyCheck(name: "lockout", passed: true, overridden: false, message: message)
        }
        guard let user = caller.userName, snapshot.authorization.users.contains(where: { $0.userName == user }) else {
            return pass("the caller \(caller.arn) is not an IAM user of this account")
        }
        guard after.userGroups[user]?.contains(request.group) == true else {
            return pass("the caller \(user) is not in group \(request.group)")
        }
        let state: MFAState
        switch caller.credentials {
        case .longTerm:
            state = .keyAbsent
        case .temporary where request.assumeCallerHasNoMFA:
            state = .notAuthenticated
        case .temporary:
            return pass(
                "the caller \(user) is in group \(request.group) and uses temporary credentials; whether they carry MFA "
                    + "cannot be told locally, so MFA is assumed (check as without MFA with --assume-no-mfa)")
        }
        let partition = snapshot.account.partition
        let account = snapshot.account.id
        let resources = [
            "iam:DetachGroupPolicy": "arn:\(partition):iam::\(account):group/\(request.group)",
            "iam:RemoveUserFromGroup": "arn:\(partition):iam::\(account):group/\(request.group)",
            "iam:AttachGroupPolicy": "arn:\(partition):iam::\(account):group/\(request.group)",
            "iam:DeletePolicy": "arn:\(partition):iam::\(account):policy/\(EnforcementRequest.requirePolicyName)",
            "iam:CreatePolicyVersion":
                "arn:\(partition):iam::\(account):policy/\(EnforcementRequest.requirePolicyName)",
        ]
        let before = EffectivePolicies(snapshot).policies(ofUser: user).evaluator
        let afterEvaluator = after.policies(ofUser: user).evaluator
        let context = context(user: user, state)
        for action in lockoutActions {
            let access = AccessRequest(action: action, resource: resources[action], context: context)
            guard before.decide(access) == .allowed else { continue }
            let decision = afterEvaluator.evaluate(access)
            guard decision.outcome != .allowed else { continue }
            let by =
                decision.matched.first { $0.effect == .deny }.map {
                    " by \($0.policy) statement \($0.sid ?? String($0.statement))"
                } ?? ""
            let credentials = state == .keyAbsent ? "long-term access keys, no MFA" : "assumed without MFA"
            return SafetyCheck(
                name: "lockout", passed: false, overridden: request.overrides.lockout,
                message: "the caller \(user) would lose access: it is in group \(request.group) and its credentials "
                    + "have no MFA (\(credentials)), so \(action) on \(resources[action] ?? "*") would be denied\(by). "
                    + "Run with MFA credentials (mfaguard session), or override with --allow-lockout")
        }
        return pass("the caller \(user) keeps access to the enforcement actions (\(state))")
    }

    static func selfServiceCheck(
        _ request: EnforcementRequest, plan: EnforcementPlan, snapshot: AccountSnapshot, after: EffectivePolicies
    ) -> SafetyCheck {
        let partition = snapshot.account.partition
        let account = snapshot.account.id
        let rows = Dictionary(
            (snapshot.credentialReport?.rows ?? []).map { ($0.user, $0) }, uniquingKeysWith: { first, _ in first })
        var stuck: [String] = []
        for name in plan.usersWithoutMFA {
            let row = rows[name]
            var states: [MFAState] = []
            if row?.hasPassword != false { states.append(.notAuthenticated) }
            if row?.hasActiveAccessKey != false { states.append(.keyAbsent) }
            let evaluator = after.policies(ofUser: name).evaluator
            let userARN = "arn:\(partition):iam::\(account):user/\(name)"
            let resources = [
                "iam:CreateVirtualMFADevice": "arn:\(partition):iam::\(account):mfa/\(name)",
                "iam:EnableMFADevice": userARN, "iam:ListMFADevices": userARN,
            ]
            var denied: String?
            for state in states {
                denied = enrolmentActions.first { action in
                    evaluator.decide(
                        AccessRequest(action: action, resource: resources[action], context: context(user: name, state)))
                        != .allowed
                }
                if denied == nil { break }
            }
            if let denied { stuck.append("\(name) (\(denied) denied)") }
        }
        guard !stuck.isEmpty else {
            return SafetyCheck(
                name: "self-service", passed: true, overridden: false,
                message: plan.usersWithoutMFA.isEmpty
                    ? "every user in scope has MFA" : "every user in scope without MFA can enrol a device without MFA")
        }
        return SafetyCheck(
            name: "self-service", passed: false, overridden: request.overrides.noSelfService,
            message: "users in scope without MFA could not enrol a device themselves: \(stuck.joined(separator: ", ")) "
                + "— fix their policies, or override with --allow-no-self-service")
    }
}
