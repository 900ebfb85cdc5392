/// Decides `sts:AssumeRole` against a role's trust policy (a resource-based policy with `Principal`),
/// together with the caller's identity-based policies where they are needed: a trust policy that names
/// the caller's ARN in the role's own account is enough on its own; one that names the account (its ID,
/// its root ARN) or `*` delegates to the caller's identity policies, which must allow too; across
/// accounts both sides must allow. See
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
public struct TrustPolicyEvaluator: Sendable {
    /// The role's trust policy, compiled; decisions name it by the `label` given to `init`.
    public let trust: CompiledPolicy
    /// The account that owns the role.
    public let roleAccount: String

    /// Compiles `trust` under `label`; `roleAccount` is the 12-digit ID of the account that owns the role.
    public init(trust: PolicyDocument, roleAccount: String, label: String = "trust") {
        self.trust = CompiledPolicy(trust, label: label)
        self.roleAccount = roleAccount
    }

    /// The decision for `request` (its `caller` must be set). `identity` is the caller's policy set;
    /// `nil` means its identity policies are taken to allow `sts:AssumeRole`.
    public func evaluate(_ request: AccessRequest, identity: PolicyEvaluator? = nil) -> Decision {
        guard let caller = request.caller else {
            return Decision(outcome: .implicitDeny, matched: [], missingAllow: [.trust])
        }
        var denies: [MatchedStatement] = []
        var allows: [MatchedStatement] = []
        var namedExplicitly = false
        request.actionKey.withUnsafeBufferPointer { action in
            request.resourceBytes.withUnsafeBufferPointer { resource in
                for statement in trust.statements
                where PolicyEvaluator.applies(statement, action, resource, request.context, caller) {
                    let match = MatchedStatement(
                        policy: trust.label, statement: statement.index, sid: statement.sid, effect: statement.effect)
                    if statement.effect == .deny {
                        denies.append(match)
                    } else {
                        allows.append(match)
                        if case .principal(let principal) = statement.statement.principal,
                            principal.values(of: caller.type).contains(caller.arn)
                        {
                            namedExplicitly = true
                        }
                    }
                }
            }
        }
        let identityDecision = identity?.evaluate(
            AccessRequest(action: request.action, resource: request.resource, context: request.context))
        if let identityDecision, identityDecision.outcome == .explicitDeny {
            denies += identityDecision.matched
        }
        if !denies.isEmpty { return Decision(outcome: .explicitDeny, matched: denies) }
        guard !allows.isEmpty else { return Decision(outcome: .implicitDeny, matched: [], missingAllow: [.trust]) }
        let sameAccount = caller.account == roleAccount
        if sameAccount && namedExplicitly { return Decision(outcome: .allowed, matched: allows) }
        guard let identityDecision else { return Decision(outcome: .allowed, matched: allows) }
        if identityDecision.outcome == .allowed {
            return Decision(outcome: .allowed, matched: allows + identityDecision.matched)
        }
        return Decision(outcome: .implicitDeny, matched: [], missingAllow: identityDecision.missingAllow)
    }
}
