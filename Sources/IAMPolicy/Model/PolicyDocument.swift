/// An IAM policy document (identity-based, boundary, SCP or a role's trust policy), in the shape IAM
/// accepts. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
public struct PolicyDocument: Sendable, Equatable {
    /// The `Version` element; `nil` when the document has none (policy variables are then literal text).
    public var version: PolicyVersion?
    /// The optional `Id` element, kept so the document round-trips; evaluation ignores it.
    public var id: String?
    /// The `Statement` element as a list, whether the JSON gave one object or an array.
    public var statements: [Statement]

    /// A document; `version` defaults to 2012-10-17, the version that has policy variables.
    public init(version: PolicyVersion? = .v2012_10_17, id: String? = nil, statements: [Statement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }

    /// Policy variables are substituted only under `2012-10-17`; under `2008-10-17` or without a
    /// `Version`, `${…}` is literal text.
    public var supportsVariables: Bool { version == .v2012_10_17 }
}

/// The policy language version (`Version` element).
public enum PolicyVersion: String, Sendable, Equatable {
    case v2012_10_17 = "2012-10-17"
    case v2008_10_17 = "2008-10-17"
}

/// `Allow` or `Deny`.
public enum Effect: String, Sendable, Equatable {
    case allow = "Allow"
    case deny = "Deny"
}

/// One statement of a policy.
public struct Statement: Sendable, Equatable {
    /// The optional `Sid`, which decisions and findings show to name the statement.
    public var sid: String?
    /// Whether the statement allows or denies; a Deny that applies wins over every Allow.
    public var effect: Effect
    /// `Principal` or `NotPrincipal`; `nil` in identity-based policies, boundaries and SCPs.
    public var principal: PrincipalElement?
    /// `Action` or `NotAction`, which every statement has.
    public var action: ActionElement
    /// `Resource` or `NotResource`; `nil` (as in trust policies) covers every resource.
    public var resource: ResourceElement?
    /// The `Condition` block as one clause per operator and key; the statement applies only if all hold.
    public var conditions: [ConditionClause]

    /// A statement; the elements left out are absent.
    public init(
        sid: String? = nil, effect: Effect, principal: PrincipalElement? = nil, action: ActionElement,
        resource: ResourceElement? = nil, conditions: [ConditionClause] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
    }
}

/// `Action` or `NotAction`: `service:Action` patterns with `*` and `?`, matched case-insensitively.
public enum ActionElement: Sendable, Equatable {
    case action([String])
    case notAction([String])

    /// The patterns, whether under `Action` or `NotAction`.
    public var patterns: [String] {
        switch self {
        case .action(let patterns), .notAction(let patterns): patterns
        }
    }

    /// True for `NotAction`: the statement covers every action that none of the patterns matches.
    public var isNegated: Bool {
        if case .notAction = self { return true }
        return false
    }
}

/// `Resource` or `NotResource`: ARN patterns with `*`, `?` and policy variables, matched case-sensitively.
public enum ResourceElement: Sendable, Equatable {
    case resource([String])
    case notResource([String])

    /// The patterns, whether under `Resource` or `NotResource`.
    public var patterns: [String] {
        switch self {
        case .resource(let patterns), .notResource(let patterns): patterns
        }
    }

    /// True for `NotResource`: the statement covers every resource that none of the patterns matches.
    public var isNegated: Bool {
        if case .notResource = self { return true }
        return false
    }
}

/// `Principal` or `NotPrincipal`.
public enum PrincipalElement: Sendable, Equatable {
    case principal(Principal)
    case notPrincipal(Principal)
}

/// The principals a `Principal` element names: everyone (`"*"`), or identifiers by type.
public enum Principal: Sendable, Equatable {
    case anyone
    case identifiers([(type: PrincipalType, values: [String])])

    /// Equal when the identifier groups are equal in order (tuples cannot be `Equatable`).
    public static func == (lhs: Principal, rhs: Principal) -> Bool {
        switch (lhs, rhs) {
        case (.anyone, .anyone): true
        case (.identifiers(let a), .identifiers(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.type == $1.type && $0.values == $1.values }
        default: false
        }
    }

    /// The identifiers of one type (`AWS`, `Service`, …).
    public func values(of type: PrincipalType) -> [String] {
        guard case .identifiers(let groups) = self else { return [] }
        return groups.filter { $0.type == type }.flatMap(\.values)
    }
}

/// The key of a principal identifier in a `Principal` object.
public enum PrincipalType: String, Sendable, Equatable, CaseIterable {
    case aws = "AWS"
    case service = "Service"
    case federated = "Federated"
    case canonicalUser = "CanonicalUser"
}

/// One test of a `Condition` block: `"Operator": {"key": [values]}`. Values are kept as the text IAM
/// compares (JSON numbers and booleans become their text).
public struct ConditionClause: Sendable, Equatable {
    /// The operator, with its set qualifier and `IfExists`.
    public var op: ConditionOperator
    /// The context key as written; evaluation compares keys case-insensitively.
    public var key: String
    /// Alternatives: a context value matches when it matches any of them (none, for negated operators).
    public var values: [String]

    /// E.g. `ConditionClause(ConditionOperator(.bool), MFAKey.present, ["true"])`.
    public init(_ op: ConditionOperator, _ key: String, _ values: [String]) {
        self.op = op
        self.key = key
        self.values = values
    }
}
