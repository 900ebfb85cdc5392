/// A policy document compiled for fast evaluation: lowercased action patterns, precompiled wildcard
/// matchers, condition values parsed once.
public struct CompiledPolicy: Sendable {
    /// How decisions name this policy, e.g. `policies[0]` or a managed policy's ARN.
    public let label: String
    public let document: PolicyDocument
    let statements: [CompiledStatement]

    public init(_ document: PolicyDocument, label: String) {
        self.label = label
        self.document = document
        let variables = document.supportsVariables
        statements = document.statements.enumerated().map { CompiledStatement($1, index: $0, variables: variables) }
    }
}

struct CompiledStatement: Sendable {
    let index: Int
    let sid: String?
    let effect: Effect
    let statement: Statement
    let actions: [WildcardPattern]
    let actionNegated: Bool
    let resources: [TemplatePattern]?
    let resourceNegated: Bool
    let conditions: [CompiledCondition]

    init(_ statement: Statement, index: Int, variables: Bool) {
        self.index = index
        self.statement = statement
        sid = statement.sid
        effect = statement.effect
        actions = statement.action.patterns.map { WildcardPattern($0, caseInsensitive: true) }
        actionNegated = statement.action.isNegated
        resources = statement.resource?.patterns.map { TemplatePattern($0, variables: variables) }
        resourceNegated = statement.resource?.isNegated ?? false
        conditions = statement.conditions.map { CompiledCondition($0, variables: variables) }
    }

    /// Whether the `Action`/`NotAction` element covers a lowercased action.
    @inline(__always)
    func matchesAction(_ action: UnsafeBufferPointer<UInt8>) -> Bool {
        var any = false
        for pattern in actions where pattern.matches(action) {
            any = true
            break
        }
        return any != actionNegated
    }

    func matchesAction(_ action: String) -> Bool {
        var key = action.lowercased()
        return key.withUTF8 { matchesAction($0) }
    }

    /// Whether the `Resource`/`NotResource` element covers the resource; a statement without one (a
    /// trust policy) covers every resource.
    func matchesResource(_ resource: UnsafeBufferPointer<UInt8>, _ context: RequestContext) -> Bool {
        guard let resources else { return true }
        var any = false
        for pattern in resources where pattern.matches(resource, in: context) {
            any = true
            break
        }
        return any != resourceNegated
    }

    func conditionsHold(_ context: RequestContext) -> Bool {
        for condition in conditions where !condition.evaluate(context) { return false }
        return true
    }

    func matchesPrincipal(_ caller: CallerIdentity?) -> Bool {
        guard let element = statement.principal else { return true }
        guard let caller else { return false }
        switch element {
        case .principal(let principal): return Self.names(principal, caller)
        case .notPrincipal(let principal): return !Self.names(principal, caller)
        }
    }

    /// Whether a `Principal` names the caller: `*`, the caller's ARN, or its account (ID or root ARN).
    static func names(_ principal: Principal, _ caller: CallerIdentity) -> Bool {
        switch principal {
        case .anyone: return true
        case .identifiers:
            for value in principal.values(of: caller.type) {
                if value == "*" || value == caller.arn { return true }
                if caller.type == .aws && (value == caller.account || value == "arn:aws:iam::\(caller.account):root") {
                    return true
                }
            }
            return false
        }
    }
}
