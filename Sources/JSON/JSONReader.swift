/// mfaguard's one JSON reader: strict RFC 8259, reporting the line and column of a syntax error (which
/// Foundation's `JSONSerialization` does not) and the member names an object gives twice.
public struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    /// Member names given twice in one object, in the order met.
    private var duplicates: [JSONDuplicateKey] = []

    /// Parses UTF-8 bytes (a file's contents, an HTTP body) as one JSON text; invalid UTF-8 in a string
    /// is replaced by U+FFFD, as `String(decoding:as:)` does.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses one JSON text; trailing non-space characters are an error. Duplicate member names are
    /// kept as they are (the object keeps every member) and listed in `duplicates`.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parseReportingDuplicates(text).value
    }

    /// Parses one JSON text and lists the member names given twice in an object.
    public static func parseReportingDuplicates(_ text: String) throws(JSONSyntaxError) -> (
        value: JSONValue, duplicates: [JSONDuplicateKey]
    ) {
        var reader = JSONReader(bytes: Array(text.utf8))
        reader.skipSpace()
        let value = try reader.readValue(depth: 0, path: "")
        reader.skipSpace()
        if reader.index < reader.bytes.count {
            throw reader.syntaxError("unexpected \(reader.describeCurrent()) after the JSON value")
        }
        return (value, reader.duplicates)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// 1-based line and column (in characters) of a byte offset.
    private func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        while i < offset && i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    private func syntaxError(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let (line, column) = position(of: offset ?? index)
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func readValue(depth: Int, path: String) throws(JSONSyntaxError) -> JSONValue {
        guard depth < 512 else { throw syntaxError("nesting deeper than 512 levels") }
        guard index < bytes.count else { throw syntaxError("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth, path: path)
        case UInt8(ascii: "["): return try readArray(depth: depth, path: path)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): return try readLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try readLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try readLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw syntaxError("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func readLiteral(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let start = index
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw syntaxError("invalid literal, expected a value such as '\(word)'", at: start)
            }
            index += 1
        }
        return value
    }

    /// Reads the longest valid number at the current position (as Python's `json` does): a `.` or an
    /// exponent not followed by digits is left for the enclosing value to reject.
    private mutating func readNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            index = start
            throw syntaxError("invalid number, expected a value")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(bytes[index + 1]) {
            index += 2
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var probe = index + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-") {
                probe += 1
            }
            if probe < bytes.count, isDigit(bytes[probe]) {
                index = probe
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func readString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        var runStart = index
        var out = ""
        func flush(_ bytes: ArraySlice<UInt8>, into out: inout String) {
            out += String(decoding: bytes, as: UTF8.self)
        }
        while true {
            guard index < bytes.count else { throw syntaxError("unterminated string", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(bytes[runStart..<index], into: &out)
                index += 1
                return out
            }
            if byte < 0x20 { throw syntaxError("control character in string; escape it") }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            flush(bytes[runStart..<index], into: &out)
            index += 1
            guard index < bytes.count else { throw syntaxError("unterminated string", at: start) }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): out += "\""
            case UInt8(ascii: "\\"): out += "\\"
            case UInt8(ascii: "/"): out += "/"
            case UInt8(ascii: "b"): out += "\u{08}"
            case UInt8(ascii: "f"): out += "\u{0C}"
            case UInt8(ascii: "n"): out += "\n"
            case UInt8(ascii: "r"): out += "\r"
            case UInt8(ascii: "t"): out += "\t"
            case UInt8(ascii: "u"):
                let escapeStart = index - 2
                var code = try readHex4(escapeStart)
                if code >= 0xD800 && code < 0xDC00 {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw syntaxError("unpaired surrogate in \\u escape") }
                    index += 2
                    let low = try readHex4(escapeStart)
                    guard low >= 0xDC00 && low < 0xE000 else { throw syntaxError("invalid surrogate pair") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw syntaxError("unpaired surrogate in \\u escape")
                }
                out.unicodeScalars.append(UnicodeScalar(code)!)
            default:
                index -= 2
                throw syntaxError("invalid escape '\\\(Character(UnicodeScalar(escape)))' in string")
            }
            runStart = index
        }
    }

    private mutating func readHex4(_ escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw syntaxError("invalid \\u escape", at: escapeStart) }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw syntaxError("invalid hex digit in \\u escape", at: escapeStart)
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func readArray(depth: Int, path: String) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try readValue(depth: depth + 1, path: "\(path)[\(elements.count)]"))
            skipSpace()
            guard index < bytes.count else { throw syntaxError("unexpected end of input, expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw syntaxError("unexpected \(describeCurrent()), expected ',' or ']'")
            }
        }
    }

    private mutating func readObject(depth: Int, path: String) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        var seen: Set<String> = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw syntaxError("unexpected \(describeCurrent()), expected a member name in double quotes")
            }
            let keyStart = index
            let key = try readString()
            let memberPath = path.isEmpty ? key : path + "." + key
            if !seen.insert(key).inserted {
                let (line, column) = position(of: keyStart)
                duplicates.append(JSONDuplicateKey(key: key, path: memberPath, line: line, column: column))
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw syntaxError("unexpected \(describeCurrent()), expected ':' after member name")
            }
            index += 1
            skipSpace()
            members.append((key, try readValue(depth: depth + 1, path: memberPath)))
            skipSpace()
            guard index < bytes.count else { throw syntaxError("unexpected end of input, expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw syntaxError("unexpected \(describeCurrent()), expected ',' or '}'")
            }
        }
    }
}

/// A member name given twice in one JSON object: `{"Effect": "Deny", "Effect": "Allow"}`. Readers
/// disagree on which one counts (most keep the last); IAM's own answer is not documented, so a policy
/// file with one is refused (`simulate`, `analyze`) or flagged (`lint`).
public struct JSONDuplicateKey: Sendable, Equatable {
    /// The repeated name.
    public let key: String
    /// Where, as a JSON path: `Statement[0].Effect`.
    public let path: String
    /// 1-based line of the second occurrence.
    public let line: Int
    /// 1-based column (in characters) of the second occurrence.
    public let column: Int
}

/// Text that is not valid JSON: what is wrong and where (1-based line and column, in characters, as
/// Python's `json` module counts them).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong: `unexpected character '}', expected a value`.
    public let message: String
    /// 1-based line of the fault.
    public let line: Int
    /// 1-based column (in characters) of the fault.
    public let column: Int

    /// An error at `line`, `column`.
    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line 3, column 1: unexpected character '}', expected a value`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
