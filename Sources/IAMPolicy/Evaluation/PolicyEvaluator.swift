/// Decides requests against identity-based policies, optional permissions boundaries and SCPs, as in
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html :
/// an explicit Deny in any policy wins; otherwise every layer that is present (identity, boundary,
/// SCP) must have a matching Allow; otherwise the request is implicitly denied.
public struct PolicyEvaluator: Sendable {
    public let identity: [CompiledPolicy]
    public let boundaries: [CompiledPolicy]
    public let scps: [CompiledPolicy]

    public init(identity: [CompiledPolicy], boundaries: [CompiledPolicy] = [], scps: [CompiledPolicy] = []) {
        self.identity = identity
        self.boundaries = boundaries
        self.scps = scps
    }

    /// Compiles documents labelled `policies[i]`, `boundaries[i]`, `scps[i]`.
    public init(policies: [PolicyDocument], boundaries: [PolicyDocument] = [], scps: [PolicyDocument] = []) {
        self.init(
            identity: policies.enumerated().map { CompiledPolicy($1, label: "policies[\($0)]") },
            boundaries: boundaries.enumerated().map { CompiledPolicy($1, label: "boundaries[\($0)]") },
            scps: scps.enumerated().map { CompiledPolicy($1, label: "scps[\($0)]") })
    }

    /// The decision for a request, with the statements that made it.
    public func evaluate(_ request: AccessRequest) -> Decision {
        var denies: [MatchedStatement] = []
        var allows: [MatchedStatement] = []
        var missing: [PolicyLayer] = []
        request.actionKey.withUnsafeBufferPointer { action in
            request.resourceBytes.withUnsafeBufferPointer { resource in
                let layers: [(PolicyLayer, [CompiledPolicy])] = [
                    (.identity, identity), (.boundary, boundaries), (.scp, scps),
                ]
                for (layer, policies) in layers where layer == .identity || !policies.isEmpty {
                    var allowed = false
                    for policy in policies {
                        for statement in policy.statements
                        where Self.applies(statement, action, resource, request.context, request.caller) {
                            let match = MatchedStatement(
                                policy: policy.label, statement: statement.index, sid: statement.sid,
                                effect: statement.effect)
                            if statement.effect == .deny {
                                denies.append(match)
                            } else {
                                allows.append(match)
                                allowed = true
                            }
                        }
                    }
                    if !allowed { missing.append(layer) }
                }
            }
        }
        if !denies.isEmpty { return Decision(outcome: .explicitDeny, matched: denies) }
        if missing.isEmpty { return Decision(outcome: .allowed, matched: allows) }
        return Decision(outcome: .implicitDeny, matched: [], missingAllow: missing)
    }

    /// The outcome alone, without collecting the explanation (the fast path).
    public func decide(_ request: AccessRequest) -> DecisionOutcome {
        request.actionKey.withUnsafeBufferPointer { action in
            request.resourceBytes.withUnsafeBufferPointer { resource in
                var allIdentityAllow = false
                var result = DecisionOutcome.allowed
                switch Self.layer(identity, action, resource, request) {
                case .explicitDeny: return .explicitDeny
                case .implicitDeny: result = .implicitDeny
                case .allowed: allIdentityAllow = true
                }
                if !boundaries.isEmpty {
                    switch Self.layer(boundaries, action, resource, request) {
                    case .explicitDeny: return .explicitDeny
                    case .implicitDeny: result = .implicitDeny
                    case .allowed: break
                    }
                }
                if !scps.isEmpty {
                    switch Self.layer(scps, action, resource, request) {
                    case .explicitDeny: return .explicitDeny
                    case .implicitDeny: result = .implicitDeny
                    case .allowed: break
                    }
                }
                return allIdentityAllow ? result : .implicitDeny
            }
        }
    }

    private static func layer(
        _ policies: [CompiledPolicy], _ action: UnsafeBufferPointer<UInt8>, _ resource: UnsafeBufferPointer<UInt8>,
        _ request: AccessRequest
    ) -> DecisionOutcome {
        var allowed = false
        for policy in policies {
            for statement in policy.statements {
                if allowed && statement.effect == .allow { continue }
                if applies(statement, action, resource, request.context, request.caller) {
                    if statement.effect == .deny { return .explicitDeny }
                    allowed = true
                }
            }
        }
        return allowed ? .allowed : .implicitDeny
    }

    @inline(__always)
    static func applies(
        _ statement: CompiledStatement, _ action: UnsafeBufferPointer<UInt8>, _ resource: UnsafeBufferPointer<UInt8>,
        _ context: RequestContext, _ caller: CallerIdentity?
    ) -> Bool {
        statement.matchesAction(action) && statement.matchesResource(resource, context)
            && statement.matchesPrincipal(caller) && statement.conditionsHold(context)
    }
}
