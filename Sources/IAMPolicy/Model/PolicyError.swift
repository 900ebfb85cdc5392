import JSON

/// Why a policy document could not be read: a JSON syntax error (with line and column) or a document
/// whose structure IAM would reject (with the JSON path of the offending element).
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the text could not be read at all or was read but is not a policy.
    public enum Kind: String, Sendable {
        /// Not valid JSON.
        case syntax
        /// Valid JSON, but not a policy document IAM accepts.
        case structure
    }

    /// Syntax or structure; a repeated member name is a structure error with a line and column.
    public let kind: Kind
    /// What is wrong, in words a user can act on.
    public let message: String
    /// The JSON path of the element at fault, such as `Statement[1].Condition.Bool`.
    public let path: String?
    /// 1-based line of the fault in the text: a syntax error, a repeated member name, a bad catalog line.
    public let line: Int?
    /// 1-based column, set whenever `line` is.
    public let column: Int?

    /// An error; give `path` for a structural fault, `line` and `column` for one at a place in the text.
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

    /// The message, prefixed by `line L, column C:` when known, else by the JSON path when there is one.
    public var description: String {
        if let line, let column { return "line \(line), column \(column): \(message)" }
        if let path, !path.isEmpty { return "\(path): \(message)" }
        return message
    }
}
