/// A condition clause in a fast form: lowercased key, policy values parsed once for their operator.
/// Semantics follow https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
/// and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
struct CompiledCondition: Sendable {
    enum Value: Sendable {
        case string(TemplateString)
        case stringIgnoreCase(TemplateString)
        case like(TemplatePattern)
        case number(Double?)
        case date(Double?)
        case bool(Bool?)
        case binary(String, [UInt8]?)
        case ip(IPRange?)
        case arn([TemplatePattern]?)
        case null(Bool?)
    }

    let clause: ConditionClause
    let key: String
    let values: [Value]

    init(_ clause: ConditionClause, variables: Bool) {
        self.clause = clause
        key = clause.key.lowercased()
        let base = clause.op.base.positive
        values = clause.values.map { text in
            switch base {
            case .stringEquals: .string(TemplateString(text, variables: variables))
            case .stringEqualsIgnoreCase: .stringIgnoreCase(TemplateString(text, variables: variables))
            case .stringLike: .like(TemplatePattern(text, variables: variables))
            case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
                .numericGreaterThanEquals:
                .number(ConditionValues.number(text))
            case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
                .date(ConditionValues.date(text))
            case .bool: .bool(Self.bool(text))
            case .binaryEquals: .binary(text, ConditionValues.base64(text))
            case .ipAddress: .ip(IPRange(text))
            case .arnEquals, .arnLike:
                .arn(Self.arnSegments(text)?.map { TemplatePattern(String($0), variables: variables) })
            case .null: .null(Self.bool(text))
            default: .string(TemplateString(text, variables: variables))
            }
        }
    }

    static func bool(_ text: String) -> Bool? {
        if text == "true" { return true }
        if text == "false" { return false }
        return switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// The six colon-separated parts of an ARN (the last may contain colons): `ARN.fields`.
    static func arnSegments(_ text: String) -> [Substring]? {
        ARN.fields(text)
    }

    /// Evaluates the clause against a request context.
    func evaluate(_ context: RequestContext) -> Bool {
        let op = clause.op
        let present = context.values(lowercasedKey: key)
        if op.base == .null {
            let absent = present == nil || present!.isEmpty
            return values.contains {
                if case .null(let expected?) = $0 { return expected == absent }
                return false
            }
        }
        guard let present, !present.isEmpty else {
            if op.ifExists { return true }
            switch op.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case nil: return op.base.isNegated
            }
        }
        let negated = op.base.isNegated
        switch op.qualifier {
        case nil:
            let positive = present.contains { matchesAny($0, context) }
            return negated ? !positive : positive
        case .forAnyValue:
            return present.contains { matchesAny($0, context) != negated }
        case .forAllValues:
            return present.allSatisfy { matchesAny($0, context) != negated }
        }
    }

    /// Whether a context value matches at least one policy value under the positive operator.
    private func matchesAny(_ actual: String, _ context: RequestContext) -> Bool {
        let base = clause.op.base.positive
        switch base {
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            guard let number = ConditionValues.number(actual) else { return false }
            return values.contains {
                guard case .number(let expected?) = $0 else { return false }
                return Self.compare(number, expected, base)
            }
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let date = ConditionValues.date(actual) else { return false }
            return values.contains {
                guard case .date(let expected?) = $0 else { return false }
                return Self.compare(date, expected, base)
            }
        case .ipAddress:
            guard let address = IPRange.address(actual) else { return false }
            return values.contains {
                guard case .ip(let range?) = $0 else { return false }
                return range.contains(address)
            }
        case .arnEquals, .arnLike:
            guard let segments = Self.arnSegments(actual) else { return false }
            return values.contains {
                guard case .arn(let patterns?) = $0 else { return false }
                for (pattern, segment) in zip(patterns, segments) where !pattern.matches(String(segment), in: context) {
                    return false
                }
                return true
            }
        default:
            return values.contains { matches(actual, $0, context) }
        }
    }

    private func matches(_ actual: String, _ value: Value, _ context: RequestContext) -> Bool {
        switch value {
        case .string(let template):
            return template.resolved(in: context) == actual
        case .stringIgnoreCase(let template):
            guard let expected = template.resolved(in: context) else { return false }
            return expected.lowercased() == actual.lowercased()
        case .like(let pattern):
            return pattern.matches(actual, in: context)
        case .bool(let expected?):
            return Self.bool(actual) == expected
        case .binary(let text, let bytes):
            if let bytes, let actualBytes = ConditionValues.base64(actual) { return bytes == actualBytes }
            return text == actual
        default:
            return false
        }
    }

    private static func compare(_ actual: Double, _ expected: Double, _ base: ConditionOperator.Base) -> Bool {
        switch base {
        case .numericEquals, .dateEquals: actual == expected
        case .numericLessThan, .dateLessThan: actual < expected
        case .numericLessThanEquals, .dateLessThanEquals: actual <= expected
        case .numericGreaterThan, .dateGreaterThan: actual > expected
        case .numericGreaterThanEquals, .dateGreaterThanEquals: actual >= expected
        default: false
        }
    }
}
