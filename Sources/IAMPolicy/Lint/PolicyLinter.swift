import JSON

/// Finds MFA conditions that do not do what they seem. Each rule has a stable id, names the statement
/// and says how to fix it. Based on the MFA keys' documentation
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent),
/// "Configuring MFA-protected API access" (id_credentials_mfa_configure-api-require.html) and the
/// condition operators page.
public enum PolicyLinter {
    /// What kind of policy a document is: trust policies are resource-based (they have `Principal`).
    public enum PolicyKind: String, Sendable {
        case identity, trust, boundary, scp

        /// A document with a `Principal` in any statement is taken as a trust policy.
        public static func guess(_ document: PolicyDocument) -> PolicyKind {
            document.statements.contains { $0.principal != nil } ? .trust : .identity
        }
    }

    /// The self-service actions mfaguard's generated policies leave open to a user without MFA: those AWS's
    /// own "DenyAllExceptListedIfNoMFA" statement leaves open (aws_my-sec-creds-self-manage), plus
    /// iam:GetMFADevice. Only two of them are needed to enrol (`EnrolmentCheck.enrolmentActions`); the lint
    /// judges a policy by `EnrolmentCheck`, not by this list.
    public static let selfServiceActions = [
        "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice",
        "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken",
    ]

    /// The lint findings for a document's text: each repeated member name (with its line and column),
    /// then the findings of `lint(_:kind:)` on the document as most readers take it (the last of the
    /// repeated members). Invalid JSON or a document IAM could not read is an error.
    public static func lint(text: String, kind: PolicyKind? = nil) throws(PolicyError) -> [LintFinding] {
        let (json, duplicates) = try PolicyDocument.readJSON(text)
        let document = try PolicyDocument(json: json)
        let repeated = duplicates.map { duplicate in
            LintFinding(
                rule: .duplicateKey, path: duplicate.path, line: duplicate.line, column: duplicate.column,
                detail: "\"\(duplicate.key)\" again at line \(duplicate.line), column \(duplicate.column)")
        }
        return repeated + lint(document, kind: kind)
    }

    /// The lint findings for one document.
    public static func lint(_ document: PolicyDocument, kind: PolicyKind? = nil) -> [LintFinding] {
        let kind = kind ?? PolicyKind.guess(document)
        var findings: [LintFinding] = []
        let hasNullGuard = document.statements.contains { statement in
            statement.effect == .deny
                && statement.conditions.contains { clause in
                    let key = clause.key.lowercased()
                    return (clause.op.base == .null && key == MFAKey.ageLower && clause.values.contains("true"))
                        || (clause.op.base == .null && key == MFAKey.presentLower && clause.values.contains("true"))
                        || (clause.op.base == .bool && clause.op.ifExists && key == MFAKey.presentLower
                            && clause.values.map { $0.lowercased() }.contains("false"))
                }
        }
        for (index, statement) in document.statements.enumerated() {
            func add(_ rule: LintRule, _ detail: String) {
                findings.append(LintFinding(rule: rule, statement: index, sid: statement.sid, detail: detail))
            }
            let isTrust = kind == .trust || statement.principal != nil
            for clause in statement.conditions {
                let key = clause.key.lowercased()
                let op = clause.op
                let values = clause.values.map { $0.lowercased() }
                let isMFAKey = key == MFAKey.presentLower || key == MFAKey.ageLower
                if key == MFAKey.presentLower && op.base == .bool && !op.ifExists && statement.effect == .deny
                    && values.contains("false")
                {
                    add(.boolFalseInDeny, "\(op) {\"\(clause.key)\": \"false\"} in a Deny")
                }
                if key == MFAKey.ageLower && statement.effect == .deny && !op.ifExists
                    && [.numericGreaterThan, .numericGreaterThanEquals].contains(op.base) && !hasNullGuard
                {
                    add(.ageWithoutNullGuard, "\(op) {\"\(clause.key)\": …} in a Deny with no Null guard")
                }
                if isMFAKey && op.base.family == .string {
                    add(.stringOperatorOnMFAKey, "\(op) on \(clause.key)")
                }
                if key == MFAKey.presentLower && op.base == .bool && op.ifExists && statement.effect == .allow
                    && values.contains("true")
                {
                    add(
                        isTrust ? .trustBoolIfExists : .allowBoolIfExists,
                        "\(op) {\"\(clause.key)\": \"true\"} in an Allow")
                }
                if key == MFAKey.presentLower && op.base == .null && statement.effect == .allow
                    && values.contains("false")
                {
                    add(.nullFalseAsMFA, "Null {\"\(clause.key)\": \"false\"} in an Allow")
                }
                if isMFAKey && op.qualifier != nil {
                    add(.setOperatorOnMFAKey, "\(op) on the single-valued key \(clause.key)")
                }
                if key == MFAKey.presentLower && op.base == .bool
                    && values.contains(where: { $0 != "true" && $0 != "false" })
                {
                    add(.invalidMFAValue, "\(op) on \(clause.key) with a value that is not true or false")
                }
                if key == MFAKey.ageLower && op.base.family == .numeric
                    && clause.values.contains(where: { ConditionValues.number($0) == nil })
                {
                    add(.invalidMFAValue, "\(op) on \(clause.key) with a value that is not a number")
                }
                if key == MFAKey.ageLower && statement.effect == .allow
                    && [.numericGreaterThan, .numericGreaterThanEquals].contains(op.base)
                {
                    add(.ageBoundReversed, "\(op) on \(clause.key) in an Allow grants old MFA sessions")
                }
                if key == MFAKey.presentLower && op.base == .bool && statement.effect == .deny && !op.ifExists
                    && values == ["true"]
                {
                    add(.denyWhenMFAPresent, "Bool {\"\(clause.key)\": \"true\"} in a Deny")
                }
                if !isMFAKey && key.hasPrefix("aws:") && (key.contains("multifactor") || key.contains("mfa")) {
                    add(.unknownMFAKey, "\(clause.key) is not a global condition key")
                }
            }
            if statement.effect == .deny,
                statement.conditions.contains(where: {
                    [MFAKey.presentLower, MFAKey.ageLower].contains($0.key.lowercased())
                }), let outcome = EnrolmentCheck.check(statement, version: document.version)
            {
                if !outcome.blocked.isEmpty {
                    add(
                        .notActionLockout,
                        "without MFA this statement denies \(outcome.blocked.joined(separator: " and ")), so a user "
                            + "without MFA cannot complete enrolment of a device (lock-out)")
                }
                if !outcome.inconvenienced.isEmpty {
                    add(
                        .selfServiceConvenience,
                        "without MFA this statement denies "
                            + outcome.inconvenienced.map { "\($0.action) (\($0.consequence))" }.joined(separator: "; ")
                            + "; enrolment itself still works")
                }
            }
        }
        return findings
    }
}

/// The lint rules, with stable ids.
public enum LintRule: String, Sendable, CaseIterable {
    case boolFalseInDeny = "mfa-bool-false-in-deny"
    case ageWithoutNullGuard = "mfa-age-without-null-guard"
    case notActionLockout = "mfa-notaction-lockout"
    case stringOperatorOnMFAKey = "mfa-string-operator"
    case trustBoolIfExists = "mfa-trust-bool-if-exists"
    case allowBoolIfExists = "mfa-allow-bool-if-exists"
    case nullFalseAsMFA = "mfa-null-false-allow"
    case setOperatorOnMFAKey = "mfa-set-operator"
    case invalidMFAValue = "mfa-invalid-value"
    case ageBoundReversed = "mfa-age-bound-reversed"
    case denyWhenMFAPresent = "mfa-deny-when-present"
    case unknownMFAKey = "mfa-unknown-key"
    case selfServiceConvenience = "mfa-self-service-convenience"
    /// Not an MFA rule but a reading one: the same member twice in an object (`"Effect": "Deny",
    /// "Effect": "Allow"`) means what the reader decides, and the other rules read only one of them.
    case duplicateKey = "json-duplicate-key"

    /// How much the pitfall matters: high when it opens a way in without MFA or locks users out of
    /// enrolment, medium when a condition is malformed or inverted, low for a missing convenience.
    public var severity: LintSeverity {
        switch self {
        case .boolFalseInDeny, .ageWithoutNullGuard, .notActionLockout, .trustBoolIfExists, .allowBoolIfExists,
            .nullFalseAsMFA, .duplicateKey:
            .high
        case .stringOperatorOnMFAKey, .setOperatorOnMFAKey, .invalidMFAValue, .ageBoundReversed, .denyWhenMFAPresent,
            .unknownMFAKey:
            .medium
        case .selfServiceConvenience: .low
        }
    }

    /// One line: what is wrong.
    public var title: String {
        switch self {
        case .boolFalseInDeny:
            "Deny on aws:MultiFactorAuthPresent=false never applies to long-term access keys (the key is absent)"
        case .ageWithoutNullGuard:
            "Deny on an old aws:MultiFactorAuthAge never applies when MFA was not used (the key is absent)"
        case .notActionLockout:
            "deny-unless-MFA statement blocks iam:CreateVirtualMFADevice or iam:EnableMFADevice: users without MFA "
                + "cannot enrol (lock-out)"
        case .selfServiceConvenience:
            "deny-unless-MFA statement denies MFA self-service conveniences (enrolment still works)"
        case .stringOperatorOnMFAKey: "string operator on an MFA key, which is a boolean or a number"
        case .trustBoolIfExists:
            "trust policy requires MFA with BoolIfExists, which lets callers with long-term keys assume the role"
        case .allowBoolIfExists: "Allow requires MFA with BoolIfExists, which also allows long-term access keys"
        case .nullFalseAsMFA: "Null aws:MultiFactorAuthPresent=false only says the key exists, not that MFA was used"
        case .setOperatorOnMFAKey:
            "ForAnyValue/ForAllValues on a single-valued MFA key (ForAllValues is true when the key is absent)"
        case .invalidMFAValue: "MFA condition value of the wrong type never matches"
        case .ageBoundReversed: "Allow with a lower bound on aws:MultiFactorAuthAge favours old MFA sessions"
        case .denyWhenMFAPresent: "Deny when aws:MultiFactorAuthPresent=true denies the MFA users instead"
        case .unknownMFAKey: "misspelled MFA condition key: it is never in the request context"
        case .duplicateKey:
            "a member name is given twice in one JSON object: readers differ on which one counts, and IAM refuses "
                + "the document"
        }
    }

    /// How to fix it.
    public var fix: String {
        switch self {
        case .boolFalseInDeny:
            "use \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}, or add a Deny with "
                + "\"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"}"
        case .ageWithoutNullGuard:
            "add a Deny with \"Null\": {\"aws:MultiFactorAuthAge\": \"true\"} (or use NumericGreaterThanIfExists)"
        case .notActionLockout:
            "leave iam:CreateVirtualMFADevice and iam:EnableMFADevice out of what the statement denies (add them "
                + "to NotAction), as AWS's DenyAllExceptListedIfNoMFA does"
        case .selfServiceConvenience:
            "add the named actions to the NotAction list if users should have them before MFA sign-in"
        case .stringOperatorOnMFAKey:
            "use Bool for aws:MultiFactorAuthPresent and Numeric* for aws:MultiFactorAuthAge"
        case .trustBoolIfExists, .allowBoolIfExists:
            "use \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}: a missing key then does not match"
        case .nullFalseAsMFA: "use \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}"
        case .setOperatorOnMFAKey: "drop the ForAnyValue:/ForAllValues: prefix"
        case .invalidMFAValue:
            "use \"true\"/\"false\" for aws:MultiFactorAuthPresent and seconds for aws:MultiFactorAuthAge"
        case .ageBoundReversed: "use NumericLessThan in an Allow (or NumericGreaterThan in a Deny)"
        case .denyWhenMFAPresent: "deny when the key is false or absent: \"BoolIfExists\": {… \"false\"}"
        case .unknownMFAKey: "use aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge"
        case .duplicateKey: "keep one of the two members (merge them if both were meant); the lint read the last one"
        }
    }
}

/// How much a lint finding matters (`policy lint` and the audit's `policy-mfa-pitfall` use it).
public enum LintSeverity: String, Sendable, Comparable, CaseIterable {
    case low, medium, high

    /// Orders by importance, `low < medium < high`, so `max()` is the most serious.
    public static func < (lhs: LintSeverity, rhs: LintSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One lint finding: the rule, the statement it concerns, what was seen, and the fix.
public struct LintFinding: Sendable, Equatable {
    /// The rule that found it; `id`, `title`, `fix` and `severity` come from it.
    public let rule: LintRule
    /// 0-based index in `Statement`; nil for a finding about the document as a whole (a repeated
    /// top-level `Statement`).
    public let statement: Int?
    /// The statement's `Sid`; nil when it has none and for findings about the text.
    public let sid: String?
    /// What was seen, with the operator, key and values as the policy writes them.
    public let detail: String
    /// 1-based line and column in the file, for findings about the text (a repeated member name).
    public let line: Int?
    /// 1-based column, set whenever `line` is.
    public let column: Int?
    private let memberPath: String?

    /// A finding about a statement.
    public init(rule: LintRule, statement: Int, sid: String?, detail: String) {
        self.rule = rule
        self.statement = statement
        self.sid = sid
        self.detail = detail
        (line, column, memberPath) = (nil, nil, nil)
    }

    /// A finding about a place in the text: `path` is its JSON path (`Statement[0].Effect`).
    public init(rule: LintRule, path: String, line: Int, column: Int, detail: String) {
        self.rule = rule
        self.statement = Self.statementIndex(in: path)
        self.sid = nil
        self.detail = detail
        (self.line, self.column, memberPath) = (line, column, path)
    }

    /// The rule's stable id (`LintRule.rawValue`), e.g. `mfa-bool-false-in-deny`.
    public var id: String { rule.rawValue }
    /// One line: what is wrong (`LintRule.title`).
    public var title: String { rule.title }
    /// How to fix it (`LintRule.fix`).
    public var fix: String { rule.fix }
    /// How much it matters (`LintRule.severity`).
    public var severity: LintSeverity { rule.severity }
    /// The JSON path of what the finding concerns: the statement, or the member it names.
    public var path: String { memberPath ?? "Statement[\(statement ?? 0)]" }

    /// `Statement[3].Effect` → 3; `Statement.Effect` (a single statement object) → 0; else nil.
    static func statementIndex(in path: String) -> Int? {
        guard path.hasPrefix("Statement") else { return nil }
        let rest = path.dropFirst("Statement".count)
        if rest.hasPrefix(".") { return 0 }
        guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]") else { return nil }
        return Int(rest[rest.index(after: rest.startIndex)..<close])
    }
}
