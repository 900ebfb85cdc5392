/// The YAML subset an exemptions file needs: a list of flat mappings with scalar values, either at the
/// top level or under one key. Comments (`#` after whitespace), single- and double-quoted scalars.
/// Anything else is an error naming the line, rather than a silent misreading.
enum SimpleYAML {
    static func listOfMappings(_ text: String, path: String, key: String) throws -> [[String: String]] {
        var items: [[String: String]] = []
        var itemIndent: Int?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = stripComment(String(rawLine)).replacingOccurrences(of: "\r", with: "")
            let content = line.drop { $0 == " " }
            if content.isEmpty || content == "---" { continue }
            if line.contains("\t") { throw failure(path, lineNumber, "tabs are not allowed for indentation") }
            let indent = line.count - content.count
            if content == "\(key):" && indent == 0 && items.isEmpty { continue }
            var entry = Substring(content)
            if entry.hasPrefix("- ") || entry == "-" {
                if let itemIndent, indent != itemIndent { throw failure(path, lineNumber, "list items must line up") }
                itemIndent = indent
                items.append([:])
                entry = entry.dropFirst(1).drop { $0 == " " }
                if entry.isEmpty { continue }
            } else {
                guard let itemIndent, indent > itemIndent, !items.isEmpty else {
                    throw failure(path, lineNumber, "expected '- rule: …' list items")
                }
            }
            guard let colon = entry.firstIndex(of: ":") else {
                throw failure(path, lineNumber, "expected 'key: value'")
            }
            let name = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let value = try scalar(
                entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces), path, lineNumber)
            guard !name.isEmpty else { throw failure(path, lineNumber, "a key is missing") }
            items[items.count - 1][name] = value
        }
        return items
    }

    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#" && (previous == " " || offset == 0) {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }

    private static func scalar(_ text: String, _ path: String, _ line: Int) throws -> String {
        if text.hasPrefix("\"") || text.hasPrefix("'") {
            guard text.count >= 2, text.last == text.first else { throw failure(path, line, "unterminated quote") }
            let inner = String(text.dropFirst().dropLast())
            return text.first == "'"
                ? inner.replacingOccurrences(of: "''", with: "'")
                : inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        if text.hasPrefix("[") || text.hasPrefix("{") || text.hasPrefix("|") || text.hasPrefix(">") {
            throw failure(path, line, "only plain or quoted scalar values are supported")
        }
        return text
    }

    private static func failure(_ path: String, _ line: Int, _ message: String) -> MFAGuardFailure {
        MFAGuardFailure(.input, "\(path):\(line): \(message)")
    }
}
