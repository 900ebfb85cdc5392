/// What a principal may do in each MFA state, expressed exactly as action patterns: per layer, the
/// union of the applicable Allow statements' `Action`/`NotAction` minus the union of the applicable
/// Deny statements'. Conditions on keys other than the MFA keys (and those given as known context)
/// are unknown: an Allow with an unknown condition counts as allowing (marked conditional), a Deny
/// with one does not count as denying — so the result never understates what may be allowed.
/// Resources are treated the same way: an Allow on some resources counts (conditional), only a Deny
/// on every resource (`"*"`) subtracts.
public struct MFAAnalyzer: Sendable {
    /// The policies analysed; identity, boundary and SCPs are the layers of the formula.
    public let principal: PrincipalPolicies
    /// Context keys known besides the MFA keys (e.g. `aws:username`).
    public let knownContext: RequestContext

    /// Conditions on keys outside `knownContext` and the MFA keys are taken as unknown.
    public init(_ principal: PrincipalPolicies, knownContext: RequestContext = RequestContext()) {
        self.principal = principal
        self.knownContext = knownContext
    }

    /// What is allowed in one MFA state.
    public func analyze(_ state: MFAState) -> MFAStateAnalysis {
        var context = knownContext
        state.apply(to: &context)
        var known = Set(knownContext.keys)
        known.insert(MFAKey.presentLower)
        known.insert(MFAKey.ageLower)
        var layers: [LayerTerms] = [Self.terms(.identity, principal.identityPolicies.map(\.compiled), context, known)]
        if let boundary = principal.permissionsBoundary {
            layers.append(Self.terms(.boundary, [boundary.compiled], context, known))
        }
        if !principal.serviceControlPolicies.isEmpty {
            layers.append(Self.terms(.scp, principal.serviceControlPolicies.map(\.compiled), context, known))
        }
        return MFAStateAnalysis(state: state, layers: layers)
    }

    /// Whether `action` may be allowed with long-term keys or without MFA.
    public func allowsWithoutMFA(_ action: String) -> Bool {
        analyze(.keyAbsent).allows(action) || analyze(.notAuthenticated).allows(action)
    }

    static func terms(
        _ layer: PolicyLayer, _ policies: [CompiledPolicy], _ context: RequestContext, _ known: Set<String>
    )
        -> LayerTerms
    {
        var allows: [ActionTerm] = []
        var denies: [ActionTerm] = []
        for policy in policies {
            for statement in policy.statements {
                let truth = conditionTruth(statement, context, known)
                if truth == .never { continue }
                let everyResource = coversEveryResource(statement.statement.resource)
                let term = ActionTerm(
                    source: MatchedStatement(
                        policy: policy.label, statement: statement.index, sid: statement.sid, effect: statement.effect),
                    action: statement.statement.action, resource: statement.statement.resource,
                    conditional: truth == .unknown || !everyResource, compiled: statement)
                if statement.effect == .allow {
                    allows.append(term)
                } else if truth == .always && everyResource {
                    denies.append(term)
                }
            }
        }
        return LayerTerms(layer: layer, allows: allows, denies: denies)
    }

    enum Truth { case always, never, unknown }

    /// Three-valued evaluation of a statement's conditions: clauses on unknown keys are unknown.
    static func conditionTruth(_ statement: CompiledStatement, _ context: RequestContext, _ known: Set<String>)
        -> Truth
    {
        var unknown = false
        for condition in statement.conditions {
            if known.contains(condition.key) {
                if !condition.evaluate(context) { return .never }
            } else {
                unknown = true
            }
        }
        return unknown ? .unknown : .always
    }

    static func coversEveryResource(_ resource: ResourceElement?) -> Bool {
        switch resource {
        case nil: true
        case .resource(let patterns): patterns.contains("*")
        case .notResource: false
        }
    }
}

/// An applicable statement's action element, as a term of the allowed-action formula.
public struct ActionTerm: Sendable {
    /// The statement the term comes from: policy label, index, Sid and effect.
    public let source: MatchedStatement
    /// The statement's `Action`/`NotAction`: the actions the term stands for.
    public let action: ActionElement
    /// The statement's `Resource`/`NotResource`; anything but `"*"` makes the term `conditional`.
    public let resource: ResourceElement?
    /// The statement applies only on some resources or under conditions on other keys.
    public let conditional: Bool
    let compiled: CompiledStatement

    /// Whether `action` is among the term's actions (case-insensitive; resources and conditions aside).
    public func matches(_ action: String) -> Bool { compiled.matchesAction(action) }
}

/// The Allow and Deny terms of one policy layer.
public struct LayerTerms: Sendable {
    /// The layer (identity, boundary or SCP) the terms were read from.
    public let layer: PolicyLayer
    /// Every applicable Allow, conditional ones included: any one of them counts as allowing.
    public let allows: [ActionTerm]
    /// Only the Denies that surely apply: no unknown condition, and on every resource (`"*"`).
    public let denies: [ActionTerm]

    /// Whether some Allow term covers `action` and no Deny term does.
    public func allows(_ action: String) -> Bool {
        allows.contains { $0.matches(action) } && !denies.contains { $0.matches(action) }
    }
}

/// The actions allowed in one MFA state: the intersection over layers of (Allow terms minus Deny terms).
public struct MFAStateAnalysis: Sendable {
    /// The MFA state the terms were read for.
    public let state: MFAState
    /// Identity first, then the boundary and the SCPs when the principal has them.
    public let layers: [LayerTerms]

    /// Whether `action` may be allowed in this state (exact for the formula; no enumeration). The actions
    /// no policy governs (`sts:GetSessionToken`, `sts:GetCallerIdentity`) are allowed in every state.
    public func allows(_ action: String) -> Bool {
        PolicyEvaluator.isUngoverned(action) || layers.allSatisfy { $0.allows(action) }
    }

    /// The Allow statements that allow `action` in this state.
    public func allowingStatements(_ action: String) -> [ActionTerm] {
        guard allows(action) else { return [] }
        return layers.flatMap { $0.allows.filter { $0.matches(action) } }
    }

    /// The formula as text, one line per layer, e.g.
    /// `identity: allow [s3:*, ec2:Describe*] except [s3:Delete*] and only within [iam:GetUser]`.
    public var formula: [String] {
        layers.map { layer in
            var line = "\(layer.layer.rawValue): allow "
            line += Self.union(layer.allows)
            let positive = Self.patterns(layer.denies.filter { !$0.action.isNegated })
            let negated = layer.denies.filter(\.action.isNegated)
            if !positive.isEmpty { line += " except [\(positive.joined(separator: ", "))]" }
            for term in negated {
                line += " and only within [\(term.action.patterns.joined(separator: ", "))]"
            }
            return line
        }
    }

    private static func patterns(_ terms: [ActionTerm]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for term in terms {
            for pattern in term.action.patterns where seen.insert(pattern.lowercased()).inserted { out.append(pattern) }
        }
        return out
    }

    private static func union(_ terms: [ActionTerm]) -> String {
        let positive = patterns(terms.filter { !$0.action.isNegated })
        var parts: [String] = []
        if positive.contains("*") {
            parts.append("*")
        } else if !positive.isEmpty {
            parts.append("[" + positive.joined(separator: ", ") + "]")
        }
        for term in terms where term.action.isNegated {
            parts.append("NOT[" + term.action.patterns.joined(separator: ", ") + "]")
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: " | ")
    }
}
