/// A condition operator such as `StringLike`, `ForAnyValue:StringEquals` or `BoolIfExists`.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    /// The operator without set qualifier and `IfExists`.
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// The operator family of the documentation's sections.
        public var family: Family {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
                .stringNotLike:
                .string
            case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
                .numericGreaterThanEquals:
                .numeric
            case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
                .dateGreaterThanEquals:
                .date
            case .bool: .bool
            case .binaryEquals: .binary
            case .ipAddress, .notIpAddress: .ipAddress
            case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: .arn
            case .null: .null
            }
        }

        /// Negated matching operators: several policy values are combined with NOR, and a missing key
        /// makes the condition true.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
                .notIpAddress, .arnNotEquals, .arnNotLike:
                true
            default: false
            }
        }

        /// The positive operator a negated one negates (itself when not negated).
        public var positive: Base {
            switch self {
            case .stringNotEquals: .stringEquals
            case .stringNotEqualsIgnoreCase: .stringEqualsIgnoreCase
            case .stringNotLike: .stringLike
            case .numericNotEquals: .numericEquals
            case .dateNotEquals: .dateEquals
            case .notIpAddress: .ipAddress
            case .arnNotEquals: .arnEquals
            case .arnNotLike: .arnLike
            default: self
            }
        }
    }

    /// The operator groups of the condition operators page: the type the values are compared as.
    public enum Family: String, Sendable {
        case string, numeric, date, bool, binary, ipAddress, arn, null
    }

    /// `ForAnyValue:` or `ForAllValues:`, for multivalued context keys.
    public enum SetQualifier: String, Sendable {
        case forAnyValue = "ForAnyValue"
        case forAllValues = "ForAllValues"
    }

    /// The operator without its prefix and suffix: `StringLike` of `ForAnyValue:StringLikeIfExists`.
    public var base: Base
    /// The set qualifier for multivalued keys; `nil` compares a single-valued key.
    public var qualifier: SetQualifier?
    /// The `IfExists` suffix: when the key is absent, the condition is true.
    public var ifExists: Bool

    /// An operator from its parts, unchecked: unlike `init?(name:)` it accepts `Null` with a qualifier
    /// or `IfExists`, which IAM refuses.
    public init(_ base: Base, qualifier: SetQualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Parses an operator name; `nil` when IAM would not accept it.
    public init?(name: String) {
        var rest = Substring(name)
        var qualifier: SetQualifier?
        if let colon = rest.firstIndex(of: ":") {
            let prefix = rest[..<colon].lowercased()
            if prefix == "foranyvalue" {
                qualifier = .forAnyValue
            } else if prefix == "forallvalues" {
                qualifier = .forAllValues
            } else {
                return nil
            }
            rest = rest[rest.index(after: colon)...]
        }
        var ifExists = false
        if rest.lowercased().hasSuffix("ifexists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        let lower = rest.lowercased()
        guard let base = Base.allCases.first(where: { $0.rawValue.lowercased() == lower }) else { return nil }
        if base == .null && (ifExists || qualifier != nil) { return nil }
        self.init(base, qualifier: qualifier, ifExists: ifExists)
    }

    /// The operator's name as written in a policy.
    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }
}
