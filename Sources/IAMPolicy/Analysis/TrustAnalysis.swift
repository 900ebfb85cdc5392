/// Questions the audit asks of a role's trust policy.
public enum TrustAnalysis {
    /// The Allow statements through which IAM principals of `account` may assume the role without MFA
    /// (MFA key absent, or `false`); empty when the trust policy requires MFA of them. Conditions on
    /// other keys are taken as satisfiable.
    public static func allowsAccountPrincipalsWithoutMFA(_ trust: PolicyDocument, account: String)
        -> [MatchedStatement]
    {
        let policy = CompiledPolicy(trust, label: "trust")
        let known: Set<String> = [MFAKey.presentLower, MFAKey.ageLower]
        var found: [MatchedStatement] = []
        for state in [MFAState.keyAbsent, .notAuthenticated] {
            let context = state.context
            var allows: [MatchedStatement] = []
            var denied = false
            for statement in policy.statements
            where statement.matchesAction("sts:AssumeRole") && namesAccountPrincipals(statement.statement, account) {
                let truth = MFAAnalyzer.conditionTruth(statement, context, known)
                if statement.effect == .deny {
                    if truth == .always { denied = true }
                } else if truth != .never {
                    allows.append(
                        MatchedStatement(
                            policy: policy.label, statement: statement.index, sid: statement.sid, effect: .allow))
                }
            }
            if !denied {
                for match in allows where !found.contains(match) { found.append(match) }
            }
        }
        return found
    }

    /// Whether a statement's principal takes in IAM users or roles of `account`.
    static func namesAccountPrincipals(_ statement: Statement, _ account: String) -> Bool {
        switch statement.principal {
        case nil: return false
        case .notPrincipal: return true
        case .principal(.anyone): return true
        case .principal(let principal):
            return principal.values(of: .aws).contains { value in
                value == "*" || value == account || value.hasPrefix("arn:aws:iam::\(account):")
                    || value.hasPrefix("arn:aws-us-gov:iam::\(account):")
                    || value.hasPrefix("arn:aws-cn:iam::\(account):")
            }
        }
    }
}
