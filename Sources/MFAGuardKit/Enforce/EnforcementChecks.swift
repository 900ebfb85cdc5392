import AWSClient
import Foundation
import IAMPolicy

/// The safety checks on a plan: who could be locked out, who could not enrol, whose automation would
/// break, and which principals outside the plan an existing policy would change.
extension EnforcementPlanner {
    static func context(user: String, _ state: MFAState) -> RequestContext {
        var context = state.context
        context["aws:username"] = [user]
        return context
    }

    /// The managed policies the plan gives a new version (existing policies whose document changes).
    static func changedPolicyARNs(_ plan: EnforcementPlan) -> Set<String> {
        Set(plan.steps.filter { $0.change && $0.kind == .createPolicyVersion }.compactMap(\.policyARN))
    }

    /// The users a changed policy reaches today: attached to them directly or to one of their groups.
    static func usersReached(by changed: Set<String>, snapshot: AccountSnapshot) -> [String] {
        guard !changed.isEmpty else { return [] }
        let auth = snapshot.authorization
        let groupsWithChanged = Set(
            auth.groups.filter { $0.attachedPolicies.contains { changed.contains($0.policyARN) } }.map(\.groupName))
        return auth.users.filter { user in
            user.attachedPolicies.contains { changed.contains($0.policyARN) }
                || user.groups.contains { groupsWithChanged.contains($0) }
        }.map(\.userName).sorted()
    }

    static func lockoutCheck(
        _ request: EnforcementRequest, plan: EnforcementPlan, caller: EnforcementCaller, snapshot: AccountSnapshot,
        after: EffectivePolicies
    ) -> SafetyCheck {
        func pass(_ message: String) -> SafetyCheck {
            SafetyCheck(name: "lockout", passed: true, overridden: false, message: message)
        }
        let auth = snapshot.authorization
        let changed = changedPolicyARNs(plan)
        let before = EffectivePolicies(snapshot)
        let name: String
        let reach: String
        let policiesBefore: PrincipalPolicies
        let policiesAfter: PrincipalPolicies
        let contextUser: String
        if let user = caller.userName, auth.users.contains(where: { $0.userName == user }) {
            let inGroup = after.userGroups[user]?.contains(request.group) == true
            let throughChanged = usersReached(by: changed, snapshot: snapshot).contains(user)
            guard inGroup || throughChanged else {
                return pass("the caller \(user) is not in group \(request.group) and no policy it has changes")
            }
            name = user
            reach = inGroup ? "it is in group \(request.group)" : "a policy the plan changes applies to it"
            policiesBefore = before.policies(ofUser: user)
            policiesAfter = after.policies(ofUser: user)
            contextUser = user
        } else if let role = caller.roleName, let detail = auth.roles.first(where: { $0.roleName == role }) {
            guard detail.attachedPolicies.contains(where: { changed.contains($0.policyARN) }) else {
                return pass("the caller's role \(role) has no policy the plan changes")
            }
            name = "role \(role)"
            reach = "a policy the plan changes is attached to its role"
            policiesBefore = before.policies(ofRole: role)
            policiesAfter = after.policies(ofRole: role)
            contextUser = role
        } else {
            return pass("the caller \(caller.arn) is not an IAM user or role of this account")
        }
        let state: MFAState
        switch caller.credentials {
        case .longTerm:
            state = .keyAbsent
        case .temporary where request.assumeCallerHasNoMFA:
            state = .notAuthenticated
        case .temporary:
            return pass(
                "the caller \(name) is reached by the plan (\(reach)) and uses temporary credentials; whether they "
                    + "carry MFA cannot be told locally, so MFA is assumed (check as without MFA with --assume-no-mfa)")
        }
        let partition = snapshot.account.partition
        let account = snapshot.account.id
        let groupARN = "arn:\(partition):iam::\(account):group/\(request.group)"
        let policyARN = "arn:\(partition):iam::\(account):policy/\(request.requirePolicyName)"
        let resources = [
            "iam:DetachGroupPolicy": groupARN, "iam:RemoveUserFromGroup": groupARN, "iam:AttachGroupPolicy": groupARN,
            "iam:DeletePolicy": policyARN, "iam:CreatePolicyVersion": policyARN,
        ]
        let beforeEvaluator = policiesBefore.evaluator
        let afterEvaluator = policiesAfter.evaluator
        let context = context(user: contextUser, state)
        for action in lockoutActions {
            let access = AccessRequest(action: action, resource: resources[action], context: context)
            guard beforeEvaluator.decide(access) == .allowed else { continue }
            let decision = afterEvaluator.evaluate(access)
            guard decision.outcome != .allowed else { continue }
            let by =
                decision.matched.first { $0.effect == .deny }.map {
                    " by \($0.policy) statement \($0.sid ?? String($0.statement))"
                } ?? ""
            let credentials = state == .keyAbsent ? "long-term access keys, no MFA" : "assumed without MFA"
            return SafetyCheck(
                name: "lockout", passed: false, overridden: request.overrides.lockout,
                message: "the caller \(name) would lose access: \(reach) and its credentials have no MFA "
                    + "(\(credentials)), so \(action) on \(resources[action] ?? "*") would be denied\(by). "
                    + "Run with MFA credentials (mfaguard session), or override with --allow-lockout")
        }
        return pass("the caller \(name) keeps access to the enforcement actions (\(state))")
    }

    /// Every user the plan reaches without MFA (in scope, or reached by a changed existing policy) must be able
    /// to enrol a device without MFA afterwards.
    static func selfServiceCheck(
        _ request: EnforcementRequest, plan: EnforcementPlan, snapshot: AccountSnapshot, after: EffectivePolicies
    ) -> SafetyCheck {
        let partition = snapshot.account.partition
        let account = snapshot.account.id
        let rows = Dictionary(
            (snapshot.credentialReport?.rows ?? []).map { ($0.user, $0) }, uniquingKeysWith: { first, _ in first })
        let reached = usersReached(by: changedPolicyARNs(plan), snapshot: snapshot).filter { !hasMFA($0, snapshot) }
        var names = plan.usersWithoutMFA
        names += reached.filter { !names.contains($0) }
        var stuck: [String] = []
        for name in names {
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
                message: names.isEmpty
                    ? "every user the plan reaches has MFA"
                    : "every user the plan reaches without MFA can enrol a device without MFA")
        }
        return SafetyCheck(
            name: "self-service", passed: false, overridden: request.overrides.noSelfService,
            message: "users without MFA could not enrol a device themselves: \(stuck.joined(separator: ", ")) "
                + "— fix their policies, or override with --allow-no-self-service")
    }

    /// An existing policy with one of enforce's names that the plan would give a new version: the principals
    /// outside the plan it is attached to (directly, through a group, roles) would change too.
    static func adoptionCheck(
        _ request: EnforcementRequest, plan: EnforcementPlan, scope: Set<String>, snapshot: AccountSnapshot
    ) -> SafetyCheck {
        let auth = snapshot.authorization
        var problems: [String] = []
        for step in plan.steps where step.change && step.kind == .createPolicyVersion {
            guard let arn = step.policyARN else { continue }
            var outside: [String] = []
            for group in auth.groups where group.attachedPolicies.contains(where: { $0.policyARN == arn }) {
                let members = auth.users.filter { $0.groups.contains(group.groupName) && !scope.contains($0.userName) }
                    .map(\.userName).sorted()
                if group.groupName != request.group || !members.isEmpty {
                    outside.append(
                        "group \(group.groupName)"
                            + (members.isEmpty ? "" : " (members outside the plan: \(members.joined(separator: ", ")))")
                    )
                }
            }
            outside += auth.users.filter {
                !scope.contains($0.userName) && $0.attachedPolicies.contains { $0.policyARN == arn }
            }.map { "user \($0.userName)" }
            outside += auth.roles.filter { $0.attachedPolicies.contains { $0.policyARN == arn } }.map {
                "role \($0.roleName)"
            }
            if !outside.isEmpty {
                problems.append("\(step.target) is attached to \(outside.joined(separator: ", "))")
            }
        }
        guard !problems.isEmpty else {
            return SafetyCheck(
                name: "existing-policy", passed: true, overridden: false,
                message: "no existing policy the plan changes reaches principals outside the plan")
        }
        return SafetyCheck(
            name: "existing-policy", passed: false, overridden: request.overrides.adoptExistingPolicy,
            message: "a new version would change the permissions of principals outside the plan: "
                + problems.joined(separator: "; ")
                + " — choose other names with --policy-prefix, or adopt the policy with --adopt-existing-policy")
    }

    /// Users in scope that look like automation: an access key used in the last 30 days (credential report),
    /// no MFA device and no console password. Deny-without-MFA would break them.
    static func serviceUsersCheck(_ request: EnforcementRequest, scope: [UserDetail], snapshot: AccountSnapshot)
        -> SafetyCheck
    {
        let rows = Dictionary(
            (snapshot.credentialReport?.rows ?? []).map { ($0.user, $0) }, uniquingKeysWith: { first, _ in first })
        let since = request.now.addingTimeInterval(-30 * 86_400)
        func recent(_ active: Bool, _ lastUsed: String) -> Bool {
            guard active, let date = HTTPDate.parseISO8601(lastUsed) else { return false }
            return date >= since
        }
        let service = scope.compactMap { user -> String? in
            guard let row = rows[user.userName], row.hasPassword == false, !hasMFA(user.userName, snapshot),
                recent(row.accessKey1Active, row.accessKey1LastUsed)
                    || recent(row.accessKey2Active, row.accessKey2LastUsed)
            else { return nil }
            return user.userName
        }
        guard !service.isEmpty else {
            return SafetyCheck(
                name: "service-users", passed: true, overridden: false,
                message: "no user in scope uses access keys without MFA and without a console password")
        }
        return SafetyCheck(
            name: "service-users", passed: false, overridden: request.overrides.serviceUsers,
            message: "users in scope whose automation would break (access key used in the last 30 days, no MFA, "
                + "no console password): \(service.joined(separator: ", ")) — exempt them (--exemptions), "
                + "name the users with --users, or include them with --include-service-users")
    }
}
