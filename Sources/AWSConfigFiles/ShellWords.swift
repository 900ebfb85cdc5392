/// POSIX shell word splitting as Python's `shlex.split` does it (quotes and backslashes, no expansion).
/// botocore uses it for section headers and `credential_process` command lines.
public enum ShellWords {
    /// The words of `text`, or `nil` when a quote is not closed.
    public static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                // shlex (POSIX mode): inside double quotes a backslash escapes only `\` and `"`.
                if quote == "\"", character != "\\", character != "\"" { current.append("\\") }
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            switch (quote, character) {
            case (nil, "\\"), ("\"", "\\"):
                escaped = true
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case (nil, " "), (nil, "\t"), (nil, "\n"), (nil, "\r"):
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(current) }
        return words
    }

    /// Quotes `word` for a POSIX shell when it needs it.
    public static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "@%+=:,./-_".contains($0) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }
}
