/// A shared config or credentials file, parsed the way botocore parses it (Python's
/// `configparser.RawConfigParser` plus botocore's nested sub-sections), and kept line by line so
/// that `ConfigFileEditor` can change one profile without touching any other byte.
///
/// Rules (botocore `configloader.raw_config_parse`):
/// - `[section]` headers; section names are case-sensitive, option names are lower-cased;
/// - `key = value` or `key: value`, split at the first delimiter; whitespace around both is trimmed;
/// - full-line comments start with `#` or `;` (after optional indentation); there are no inline
///   comments: `key = a # b` has the value `a # b`, exactly as the AWS CLI reads it;
/// - a line indented deeper than its option line continues the value; a value that starts on the
///   next line (`s3 =` then indented `key = value` lines) is a nested sub-section;
/// - a section or option defined twice is an error, as is text before the first section;
/// - `[DEFAULT]` supplies values to every other section.
public struct INIFile: Sendable {
    /// A value: a string, or a nested sub-section (`s3 =` + indented lines).
    public enum Value: Sendable, Hashable {
        case string(String)
        case nested([String: String])

        /// The text of a plain value; `nil` for a nested sub-section.
        public var string: String? {
            if case .string(let value) = self { return value }
            return nil
        }
    }

    /// One `[section]`: where it sits in the file and what it holds.
    public struct Section: Sendable {
        /// The text between the brackets (`profile dev`, `default`).
        public var name: String
        /// Index of the header line in `lines`.
        public var headerLine: Int
        /// Index one past the section's last line (the next header, or the end of the file).
        public var endLine: Int
        /// Options in file order, with the lines each one spans (option line plus continuations).
        public var options: [Option]

        /// The value of option `key` (lower-case), the last one if it is repeated.
        public func value(_ key: String) -> Value? { options.last { $0.name == key }?.value }
    }

    /// One `key = value` option.
    public struct Option: Sendable {
        /// The key, lower-cased.
        public var name: String
        /// Its value.
        public var value: Value
        /// The lines it spans in `lines`: the option line and any continuation lines.
        public var lines: Range<Int>
    }

    /// The file's lines, each with its own line terminator, so joining them gives the file back.
    public private(set) var lines: [String]
    /// The sections in file order, `[DEFAULT]` excepted.
    public private(set) var sections: [Section]
    /// Values of `[DEFAULT]`, which configparser copies into every section.
    public private(set) var defaults: [String: Value]

    /// Parses `text`; `path` only names the file in error messages.
    public init(parsing text: String, path: String) throws(ConfigError) {
        lines = INIFile.splitLines(text)
        sections = []
        defaults = [:]
        try parse(path: path)
    }

    /// Every section's options with `[DEFAULT]` applied, as botocore's `raw_config_parse` returns them.
    public var sectionValues: [(name: String, values: [String: Value])] {
        sections.map { section in
            var values = defaults
            for option in section.options { values[option.name] = option.value }
            return (section.name, values)
        }
    }

    /// The full text, byte for byte as parsed.
    public var text: String { lines.joined() }

    static func splitLines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The line without its terminator (`\n`, `\r\n` or a lone `\r` at the end). Works on Unicode
    /// scalars: `"\r\n"` is a single `Character` in Swift.
    static func content(_ line: String) -> Substring {
        var scalars = Substring(line).unicodeScalars
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        return Substring(scalars)
    }

    /// Whether `text` ends with a line feed (also when it ends with `\r\n`).
    static func endsWithNewline(_ text: String) -> Bool { text.unicodeScalars.last == "\n" }

    private static func isSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\u{0B}" || character == "\u{0C}" || character == "\r"
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var start = text.startIndex
        var end = text.endIndex
        while start < end, isSpace(text[start]) { start = text.index(after: start) }
        while end > start, isSpace(text[text.index(before: end)]) { end = text.index(before: end) }
        return text[start..<end]
    }

    /// Errors name the file and line, never the line's text: it may hold a secret key or a session token
    /// (a wrapped `aws_secret_access_key` continuation line, a stray half of one).
    private mutating func parse(path: String) throws(ConfigError) {
        struct Pending {
            var name: String
            var parts: [String]
            var firstLine: Int
            var lastLine: Int
        }
        var current: Section?
        var currentIsDefault = false
        var pending: Pending?
        var indentLevel = Int.max
        var seenSections: Set<String> = []
        var seenOptions: Set<String> = []

        func finishOption() throws(ConfigError) {
            guard let option = pending else { return }
            pending = nil
            var joined = option.parts.joined(separator: "\n")
            while let last = joined.last, last.isWhitespace { joined.removeLast() }
            let value: Value
            if joined.hasPrefix("\n") {
                var nested: [String: String] = [:]
                for rawLine in joined.split(separator: "\n") {
                    let line = Self.trimmed(rawLine)
                    if line.isEmpty { continue }
                    guard let equals = line.firstIndex(of: "=") else {
                        throw ConfigError.syntax(
                            path: path, line: option.firstLine + 1,
                            message: "nested value of '\(option.name)' needs 'key = value' lines")
                    }
                    nested[String(Self.trimmed(line[..<equals]))] = String(
                        Self.trimmed(line[line.index(after: equals)...]))
                }
                value = .nested(nested)
            } else {
                value = .string(joined)
            }
            let entry = Option(name: option.name, value: value, lines: option.firstLine..<(option.lastLine + 1))
            if currentIsDefault {
                defaults[option.name] = value
            } else {
                current?.options.append(entry)
            }
        }

        func finishSection(at end: Int) throws(ConfigError) {
            try finishOption()
            if var section = current, !currentIsDefault {
                section.endLine = end
                sections.append(section)
            }
            current = nil
        }

        for (index, rawLine) in lines.enumerated() {
            let line = Self.content(rawLine)
            let stripped = Self.trimmed(line)
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if stripped.isEmpty || isComment {
                // configparser keeps blank lines inside a value (they end up trimmed) and skips comments.
                if !isComment, pending != nil { pending!.parts.append("") }
                continue
            }
            let indent = line.prefix { Self.isSpace($0) }.count
            if pending != nil, indent > indentLevel {
                pending!.parts.append(String(stripped))
                pending!.lastLine = index
                continue
            }
            indentLevel = indent
            if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"),
                close > stripped.index(after: stripped.startIndex)
            {
                try finishSection(at: index)
                let name = String(stripped[stripped.index(after: stripped.startIndex)..<close])
                if name == "DEFAULT" {
                    currentIsDefault = true
                    current = Section(name: name, headerLine: index, endLine: index + 1, options: [])
                    continue
                }
                guard seenSections.insert(name).inserted else {
                    throw ConfigError.syntax(path: path, line: index + 1, message: "section [\(name)] appears twice")
                }
                currentIsDefault = false

                current = Section(name: name, headerLine: index, endLine: index + 1, options: [])
                continue
            }
            guard current != nil else {
                throw ConfigError.syntax(
                    path: path, line: index + 1, message: "a line comes before any [section] header")
            }
            try finishOption()
            guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigError.syntax(
                    path: path, line: index + 1, message: "expected 'key = value' or a [section] header")
            }
            let name = Self.trimmed(stripped[..<delimiter]).lowercased()
            guard !name.isEmpty else {
                throw ConfigError.syntax(path: path, line: index + 1, message: "option without a name")
            }
            let sectionKey = (currentIsDefault ? "DEFAULT" : current!.name) + "\u{0}" + name
            guard seenOptions.insert(sectionKey).inserted else {
                throw ConfigError.syntax(
                    path: path, line: index + 1, message: "option '\(name)' appears twice in [\(current!.name)]")
            }
            let value = String(Self.trimmed(stripped[stripped.index(after: delimiter)...]))
            pending = Pending(name: name, parts: [value], firstLine: index, lastLine: index)
        }
        try finishSection(at: lines.count)
    }
}
