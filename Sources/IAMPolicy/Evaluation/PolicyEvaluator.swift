/// Decides requests against identity-based policies, optional permissions boundaries and SCPs, as in
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html :
/// an explicit Deny in any policy wins; otherwise every layer that is present (identity, boundary,
/// SCP) must have a matching Allow; otherwise the request is implicitly denied.
public struct PolicyEvaluator: Sendable {
    /// The identity-based policies, one layer: an Allow in any of them counts.
    public let identity: [CompiledPolicy]
    /// Permissions boundaries, together one layer; empty means no boundary layer.
    public let boundaries: [CompiledPolicy]
    /// Service control policies, together one layer (an Allow in any one counts); empty means no SCP layer.
    public let scps: [CompiledPolicy]
    private let layers: [StatementIndex]

    /// Takes policies compiled already, so that principals sharing a policy share its compilation.
    public init(identity: [CompiledPolicy], boundaries: [CompiledPolicy] = [], scps: [CompiledPolicy] = []) {
        self.identity = identity
        self.boundaries = boundaries
        self.scps = scps
        var layers = [StatementIndex(.identity, identity)]
        if !boundaries.isEmpty { layers.append(StatementIndex(.boundary, boundaries)) }
        if !scps.isEmpty { layers.append(StatementIndex(.scp, scps)) }
        self.layers = layers
    }

    /// Compiles documents labelled `policies[i]`, `boundaries[i]`, `scps[i]`.
    public init(policies: [PolicyDocument], boundaries: [PolicyDocument] = [], scps: [PolicyDocument] = []) {
        self.init(
            identity: policies.enumerated().map { CompiledPolicy($1, label: "policies[\($0)]") },
            boundaries: boundaries.enumerated().map { CompiledPolicy($1, label: "boundaries[\($0)]") },
            scps: scps.enumerated().map { CompiledPolicy($1, label: "scps[\($0)]") })
    }

    /// Actions that need no permission and that no policy can deny (lowercased): IAM User Guide,
    /// "Permissions for GetSessionToken" ("you cannot use policies to control access"), and the STS API
    /// reference for GetCallerIdentity ("No permissions are required … even if … explicitly denied").
    public static let ungovernedActions: Set<String> = ["sts:getsessiontoken", "sts:getcalleridentity"]

    private static let ungovernedKeys = ungovernedActions.map { Array($0.utf8) }

    /// Whether `action` is one that policies do not govern.
    public static func isUngoverned(_ action: String) -> Bool {
        ungovernedActions.contains(action.lowercased())
    }

    /// The decision for a request, with the statements that made it.
    public func evaluate(_ request: AccessRequest) -> Decision {
        if Self.ungovernedKeys.contains(request.actionKey) {
            return Decision(outcome: .allowed, matched: [], notGovernedByPolicies: true)
        }
        var denies: [MatchedStatement] = []
        var allows: [MatchedStatement] = []
        var missing: [PolicyLayer] = []
        request.actionKey.withUnsafeBufferPointer { action in
            request.resourceBytes.withUnsafeBufferPointer { resource in
                for layer in layers {
                    var allowed = false
                    layer.forEachApplicable(request, action, resource) { position, statement in
                        let match = MatchedStatement(
                            policy: layer.labels[Int(layer.policyOf[position])], statement: statement.index,
                            sid: statement.sid, effect: statement.effect)
                        if statement.effect == .deny {
                            denies.append(match)
                        } else {
                            allows.append(match)
                            allowed = true
                        }
                        return true
                    }
                    if !allowed { missing.append(layer.layer) }
                }
            }
        }
        if !denies.isEmpty { return Decision(outcome: .explicitDeny, matched: denies) }
        if missing.isEmpty { return Decision(outcome: .allowed, matched: allows) }
        return Decision(outcome: .implicitDeny, matched: [], missingAllow: missing)
    }

    /// The outcome alone, without collecting the explanation (the fast path).
    public func decide(_ request: AccessRequest) -> DecisionOutcome {
        // Bytes of the lowercased action, compared without lowercasing again: this is the hot path.
        if Self.ungovernedKeys.contains(request.actionKey) { return .allowed }
        return request.actionKey.withUnsafeBufferPointer { action in
            request.resourceBytes.withUnsafeBufferPointer { resource in
                var result = DecisionOutcome.allowed
                for layer in layers {
                    var allowed = false
                    var denied = false
                    layer.forEachApplicable(request, action, resource, skipAllowsOnceAllowed: true) { _, statement in
                        if statement.effect == .deny {
                            denied = true
                            return false
                        }
                        allowed = true
                        return true
                    }
                    if denied { return .explicitDeny }
                    if !allowed { result = .implicitDeny }
                }
                return result
            }
        }
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

/// The statements of one layer, flattened in policy order, with a per-service index: a request for
/// `s3:GetObject` looks only at the statements whose actions can name `s3` (and at those that can
/// name any service), in their original order.
struct StatementIndex: Sendable {
    let layer: PolicyLayer
    let labels: [String]
    let statements: ContiguousArray<CompiledStatement>
    let policyOf: ContiguousArray<Int32>
    let byService: [UInt64: ContiguousArray<Int32>]
    let anyService: ContiguousArray<Int32>

    init(_ layer: PolicyLayer, _ policies: [CompiledPolicy]) {
        self.layer = layer
        labels = policies.map(\.label)
        var statements = ContiguousArray<CompiledStatement>()
        var policyOf = ContiguousArray<Int32>()
        var buckets: [UInt64: [Int32]] = [:]
        var any: [Int32] = []
        for (p, policy) in policies.enumerated() {
            for statement in policy.statements {
                let position = Int32(statements.count)
                statements.append(statement)
                policyOf.append(Int32(p))
                if let hashes = statement.serviceHashes {
                    for hash in Set(hashes) { buckets[hash, default: []].append(position) }
                } else {
                    any.append(position)
                }
            }
        }
        self.statements = statements
        self.policyOf = policyOf
        anyService = ContiguousArray(any)
        byService = buckets.mapValues { ContiguousArray(Set($0 + any).sorted()) }
    }

    /// Calls `body` with each statement that applies to the request, in policy order, until it returns
    /// false. With `skipAllowsOnceAllowed`, Allow statements are not tested after one applied (only a
    /// Deny can still change the outcome).
    @inline(__always)
    func forEachApplicable(
        _ request: AccessRequest, _ action: UnsafeBufferPointer<UInt8>, _ resource: UnsafeBufferPointer<UInt8>,
        skipAllowsOnceAllowed: Bool = false, _ body: (Int, CompiledStatement) -> Bool
    ) {
        let candidates = byService[request.serviceHash] ?? anyService
        candidates.withUnsafeBufferPointer { positions in
            statements.withUnsafeBufferPointer { list in
                var allowed = false
                var i = 0
                while i < positions.count {
                    let position = Int(positions[i])
                    i += 1
                    if allowed && skipAllowsOnceAllowed && list[position].effect == .allow { continue }
                    if PolicyEvaluator.applies(list[position], action, resource, request.context, request.caller) {
                        if list[position].effect == .allow { allowed = true }
                        if !body(position, list[position]) { return }
                    }
                }
            }
        }
    }
}
