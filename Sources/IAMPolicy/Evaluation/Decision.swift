/// The outcome of an authorization request, in the words of `SimulatePrincipalPolicy`.
public enum DecisionOutcome: String, Sendable, Equatable {
    case allowed
    case explicitDeny
    case implicitDeny
}

/// A statement that took part in a decision.
public struct MatchedStatement: Sendable, Equatable, CustomStringConvertible {
    /// The policy's label (`policies[0]`, `boundaries[0]`, a managed policy ARN, …).
    public let policy: String
    /// 0-based index of the statement in its policy's `Statement` list.
    public let statement: Int
    /// The statement's `Sid`, nil when it has none.
    public let sid: String?
    /// The statement's `Effect`: in a `Decision`, Deny for `explicitDeny` and Allow for `allowed`.
    public let effect: Effect

    /// Statement `statement` (0-based) of the policy labelled `policy`.
    public init(policy: String, statement: Int, sid: String?, effect: Effect) {
        self.policy = policy
        self.statement = statement
        self.sid = sid
        self.effect = effect
    }

    /// E.g. `policies[0] Statement[2] (DenyNoMFA) Deny`: the Sid in parentheses only when there is one.
    public var description: String {
        "\(policy) Statement[\(statement)]" + (sid.map { " (\($0))" } ?? "") + " \(effect.rawValue)"
    }
}

/// A decision and why: for `explicitDeny` the Deny statements that matched, for `allowed` the Allow
/// statements of every layer, for `implicitDeny` the layers that had no matching Allow.
public struct Decision: Sendable, Equatable {
    /// `explicitDeny` when a Deny applied, `implicitDeny` when some layer had no Allow that applied.
    public let outcome: DecisionOutcome
    /// The statements behind the outcome, as above; empty for an implicit deny.
    public let matched: [MatchedStatement]
    /// For an implicit deny: the layers (`identity`, `boundary`, `scp`, `trust`) without a matching Allow.
    public let missingAllow: [PolicyLayer]
    /// True for the actions no policy governs (`PolicyEvaluator.ungovernedActions`): allowed whatever the
    /// policies say, so `matched` is empty.
    public let notGovernedByPolicies: Bool

    /// The defaults fit an explicit deny or an allow by policies; `missingAllow` is for implicit denies.
    public init(
        outcome: DecisionOutcome, matched: [MatchedStatement], missingAllow: [PolicyLayer] = [],
        notGovernedByPolicies: Bool = false
    ) {
        self.outcome = outcome
        self.matched = matched
        self.missingAllow = missingAllow
        self.notGovernedByPolicies = notGovernedByPolicies
    }
}

/// The layers of policy that each must allow a request.
public enum PolicyLayer: String, Sendable, Equatable {
    case identity
    case boundary
    case scp
    case trust
}
