/// A policy document compiled for fast evaluation: lowercased action patterns, precompiled wildcard
/// matchers, condition values parsed once.
public struct CompiledPolicy: Sendable {
    /// How decisions name this policy, e.g. `policies[0]` or a managed policy's ARN.
    public let label: String
    /// The document as given, before compilation.
    public let document: PolicyDocument
    let statements: [CompiledStatement]

    /// Compiles `document`, with policy variables only under `Version` 2012-10-17.
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
    /// The action patterns, lowercased (keys of the catalog index's cache).
    let actionKeys: [String]
    let actionNegated: Bool
    let resources: [TemplatePattern]?
    let resourceNegated: Bool
    let conditions: [CompiledCondition]
    let hasPrincipal: Bool

    init(_ statement: Statement, index: Int, variables: Bool) {
        self.index = index
        self.statement = statement
        sid = statement.sid
        effect = statement.effect
        actions = statement.action.patterns.map { WildcardPattern($0, caseInsensitive: true) }
        actionKeys = statement.action.patterns.map { $0.lowercased() }
        actionNegated = statement.action.isNegated
        resources = statement.resource?.patterns.map { TemplatePattern($0, variables: variables) }
        resourceNegated = statement.resource?.isNegated ?? false
        conditions = statement.conditions.map { CompiledCondition($0, variables: variables) }
        hasPrincipal = statement.principal != nil
    }

    /// Whether the `Action`/`NotAction` element covers a lowercased action.
    @inline(__always)
    func matchesAction(_ action: UnsafeBufferPointer<UInt8>) -> Bool {
        let any = actions.withUnsafeBufferPointer { patterns in
            var i = 0
            while i < patterns.count {
                if patterns[i].matches(action) { return true }
                i += 1
            }
            return false
        }
        return any != actionNegated
    }

    /// Hashes of the services this statement's actions can belong to; `nil` when it can match any
    /// service (`NotAction`, `*`, or a wildcard in the service part).
    var serviceHashes: [UInt64]? {
        if actionNegated { return nil }
        var hashes: [UInt64] = []
        for pattern in statement.action.patterns {
            guard let colon = pattern.firstIndex(of: ":") else { return nil }
            let service = pattern[..<colon]
            if service.contains("*") || service.contains("?") { return nil }
            hashes.append(AccessRequest.serviceHash(Array(service.lowercased().utf8)[...]))
        }
        return hashes
    }

    func matchesAction(_ action: String) -> Bool {
        var key = action.lowercased()
        return key.withUTF8 { matchesAction($0) }
    }

    /// Whether the `Resource`/`NotResource` element covers the resource; a statement without one (a
    /// trust policy) covers every resource.
    @inline(__always)
    func matchesResource(_ resource: UnsafeBufferPointer<UInt8>, _ context: RequestContext) -> Bool {
        guard let resources else { return true }
        let any = resources.withUnsafeBufferPointer { patterns in
            var i = 0
            while i < patterns.count {
                if patterns[i].matches(resource, in: context) { return true }
                i += 1
            }
            return false
        }
        return any != resourceNegated
    }

    @inline(__always)
    func conditionsHold(_ context: RequestContext) -> Bool {
        if conditions.isEmpty { return true }
        return conditions.withUnsafeBufferPointer { list in
            var i = 0
            while i < list.count {
                if !list[i].evaluate(context) { return false }
                i += 1
            }
            return true
        }
    }

    @inline(__always)
    func matchesPrincipal(_ caller: CallerIdentity?) -> Bool {
        guard hasPrincipal, let element = statement.principal else { return true }
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
