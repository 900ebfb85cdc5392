/// A JSON value, the one in-memory JSON of mfaguard (policy documents, reports, SARIF, the session
/// cache, AWS answers). Objects keep their members in order, as written or as read (for canonical
/// output and for error paths); a document whose format sorts keys builds its objects with
/// `sortedObject(_:)`. Numbers are kept as their text, so nothing is lost or re-rendered.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its source text: policy numbers are compared as text or parsed by the operator.
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object: its members in order; a name may repeat (the reader keeps every member).
    case object([(key: String, value: JSONValue)])

    /// Same type and same contents; objects compare member by member, in order.
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

    /// The JSON type name used in error messages: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var typeName: String {
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
    public init(parsing text: String) throws(JSONSyntaxError) {
        self = try JSONReader.parse(text)
    }

    /// The string value, `nil` for other types.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number's value as a `Double`, `nil` for other types.
    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The number's value when it is an integer that fits an `Int` (`3`, `-7`, `3.0`, `1e3`), `nil`
    /// for other numbers and types.
    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let value = Int(text) { return value }
        guard let value = Double(text), value.rounded() == value, abs(value) < 9.0e18 else { return nil }
        return Int(value)
    }

    /// The boolean value, `nil` for other types.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements of an array, `nil` for other types.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object, in order, `nil` for other types.
    public var members: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// A string, or `null` for `nil`.
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// An integer number.
    public static func int(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// A number written as Swift writes a `Double` (shortest text that reads back the same), an integral
    /// value below 2^53 without a fraction (`1764671234`, as Foundation writes it); `null` for NaN and
    /// infinities, which JSON cannot express.
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { return .number(String(Int64(value))) }
        return .number(String(value))
    }

    /// An object with its members in code-point order of their names, as the documents whose format
    /// says "keys sorted" (reports, SARIF, snapshots, the `credential_process` output) are written.
    public static func sortedObject(_ members: [String: JSONValue]) -> JSONValue {
        .object(
            members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }.map {
                (key: $0.key, value: $0.value)
            })
    }
}
