import IAMPolicy
import JSON

/// `mfaguard policy analyze`: what one principal's policies allow in each MFA state, as action
/// formulas and, through the action catalog, as concrete actions ranked by access level. The entry
/// point takes a `PrincipalPolicies`, so the audit (and `--snapshot --principal`) can call it directly.
public struct PolicyAnalysisReport: Sendable {
    /// What the principal may do in one MFA state.
    public struct StateResult: Sendable {
        /// The state and the analyzer's action formula for it.
        public let analysis: MFAStateAnalysis
        /// Allowed catalog actions, most powerful access level first.
        public let actions: [ActionCatalog.Entry]
        /// How many of `actions` fall in each access level; levels with none are absent.
        public let counts: [ActionCatalog.AccessLevel: Int]
        /// `--check` actions: whether each is allowed, and by which statements.
        public let checks: [(action: String, allowed: Bool, statements: [MatchedStatement])]
    }

    /// The principal's ARN, or a name for policies read from files.
    public let principal: String
    /// One result per MFA state, in `MFAState.all(mfaAge:)` order.
    public let states: [StateResult]
    /// `PolicyLinter` findings per policy label; policies without findings are left out.
    public let lint: [(policy: String, findings: [LintFinding])]

    /// Analyses `principal` in the three MFA states (authenticated with `mfaAge` seconds), using and
    /// filling `index`'s cache so that analysing many principals stays fast.
    public init(
        principal: PrincipalPolicies, mfaAge: Int, knownContext: RequestContext = RequestContext(),
        checks: [String] = [], index: inout ActionCatalogIndex
    ) {
        self.principal = principal.principal
        let analyzer = MFAAnalyzer(principal, knownContext: knownContext)
        var states: [StateResult] = []
        for state in MFAState.all(mfaAge: mfaAge) {
            let analysis = analyzer.analyze(state)
            let actions = index.allowedActions(analysis)
            var counts: [ActionCatalog.AccessLevel: Int] = [:]
            for entry in actions { counts[entry.accessLevel, default: 0] += 1 }
            let checked = checks.map { action in
                let statements = analysis.allowingStatements(action).map(\.source)
                return (action: action, allowed: analysis.allows(action), statements: statements)
            }
            states.append(StateResult(analysis: analysis, actions: actions, counts: counts, checks: checked))
        }
        self.states = states
        var lint: [(policy: String, findings: [LintFinding])] = []
        let all = principal.identityPolicies + (principal.permissionsBoundary.map { [$0] } ?? [])
        for policy in all {
            let findings = PolicyLinter.lint(policy.document)
            if !findings.isEmpty { lint.append((policy.label, findings)) }
        }
        self.lint = lint
    }

    /// For people: per state the formula, counts by access level and the first `limit` actions.
    public func table(limit: Int) -> String {
        var out = "Principal: \(principal)\n"
        for result in states {
            out += "\n\(result.analysis.state):\n"
            for line in result.analysis.formula { out += "  \(line)\n" }
            let total = result.actions.count
            let levels = ActionCatalog.AccessLevel.allCases.map { "\($0.rawValue) \(result.counts[$0] ?? 0)" }
            out += "  catalog actions allowed: \(total) (\(levels.joined(separator: ", ")))\n"
            let shown = limit > 0 ? Array(result.actions.prefix(limit)) : result.actions
            for entry in shown { out += "    \(entry.accessLevel.rawValue): \(entry.action)\n" }
            if shown.count < total { out += "    … \(total - shown.count) more\n" }
            for check in result.checks {
                let by = check.statements.map(\.description).joined(separator: "; ")
                out += "  \(check.action): \(check.allowed ? "allowed" : "denied")\(by.isEmpty ? "" : " by \(by)")\n"
            }
        }
        for (policy, findings) in lint {
            for finding in findings { out += "\nlint \(policy) \(finding.path): [\(finding.id)] \(finding.title)" }
        }
        if !lint.isEmpty { out += "\n" }
        return out
    }

    /// For programs: `{"principal", "states": [{"state", "description", "formula", "counts", "actions", "checks"}], "lint"}`.
    public func json(limit: Int) -> String {
        let stateValues: [JSONValue] = states.map { result in
            let shown = limit > 0 ? Array(result.actions.prefix(limit)) : result.actions
            let counts: [(key: String, value: JSONValue)] = ActionCatalog.AccessLevel.allCases.map {
                ($0.rawValue, .number(String(result.counts[$0] ?? 0)))
            }
            return .object([
                ("state", .string(result.analysis.state.id)),
                ("description", .string(result.analysis.state.description)),
                ("formula", .array(result.analysis.formula.map { .string($0) })),
                ("allowedCount", .number(String(result.actions.count))),
                ("counts", .object(counts)),
                (
                    "actions",
                    .array(
                        shown.map {
                            .object([("action", .string($0.action)), ("accessLevel", .string($0.accessLevel.rawValue))])
                        })
                ),
                (
                    "checks",
                    .array(
                        result.checks.map { check in
                            .object([
                                ("action", .string(check.action)), ("allowed", .bool(check.allowed)),
                                ("statements", .array(check.statements.map(PolicyRendering.matchedJSON))),
                            ])
                        })
                ),
            ])
        }
        let lintValues: [JSONValue] = lint.map { policy, findings in
            .object([("policy", .string(policy)), ("findings", .array(findings.map(PolicyRendering.findingJSON)))])
        }
        return JSONWriter.pretty(
            .object([
                ("principal", .string(principal)), ("states", .array(stateValues)), ("lint", .array(lintValues)),
            ]))
    }
}
