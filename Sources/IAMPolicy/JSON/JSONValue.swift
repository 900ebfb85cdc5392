/// A JSON value as read from a policy document, keeping object member order (for canonical output and
/// for error paths) and the source position of every value (for error messages).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its source text: policy numbers are compared as text or parsed by the operator.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The JSON type name used in error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value of `key` in an object (the last one when a key repeats, as most JSON readers do).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }
}

extension JSONValue {
    /// Parses JSON text; a syntax error carries its line and column.
    public init(parsing text: String) throws(PolicyError) {
        self = try JSONReader.parse(text)
    }

    /// The string value, `nil` for other types.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
