import JSON

/// Why a policy document could not be read: a JSON syntax error (with line and column) or a document
/// whose structure IAM would reject (with the JSON path of the offending element).
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Not valid JSON.
        case syntax
        /// Valid JSON, but not a policy document IAM accepts.
        case structure
    }

    public let kind: Kind
    /// What is wrong, in words a user can act on.
    public let message: String
    /// The JSON path of the element at fault, such as `Statement[1].Condition.Bool`.
    public let path: String?
    /// 1-based line and column of a syntax error.
    public let line: Int?
    public let column: Int?

    public init(kind: Kind, message: String, path: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.line = line
        self.column = column
    }

    /// A JSON syntax error as a policy error of kind `syntax`, with its line and column.
    public init(_ error: JSONSyntaxError) {
        self.init(kind: .syntax, message: error.message, line: error.line, column: error.column)
    }

    public var description: String {
        if let line, let column { return "line \(line), column \(column): \(message)" }
        if let path, !path.isEmpty { return "\(path): \(message)" }
        return message
    }
}
