import Foundation

/// Sets or removes one profile's keys in a shared config or credentials file and leaves every other
/// byte as it was: comments, blank lines, ordering, other profiles, line endings.
///
/// Writes are atomic: a temp file in the same directory, fsync, rename (see `AtomicFile`).
public struct ConfigFileEditor: Sendable {
    /// Which file: profile headers differ (`[profile NAME]` in config, `[NAME]` in credentials).
    public enum Kind: Sendable {
        case config
        case credentials
    }

    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// The header a new section for `profile` gets.
    public func sectionName(for profile: String) -> String {
        switch kind {
        case .credentials: profile
        case .config: profile == "default" ? "default" : "profile \(profile)"
        }
    }

    /// Returns `text` with `settings` set in `profile` (a `nil` value removes the key). Existing keys are
    /// replaced where they stand; new ones go after the section's last setting; a missing section is
    /// appended at the end of the file.
    public func updating(_ text: String, profile: String, settings: KeyValuePairs<String, String?>) throws(ConfigError)
        -> String
    {
        let file = try INIFile(parsing: text, path: path)
        var lines = file.lines
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let section = file.sections.last { section in
            switch kind {
            case .credentials: section.name == profile
            case .config:
                section.name == sectionName(for: profile)
                    || (section.name.hasPrefix("profile") && SharedConfig.sectionArgument(section.name) == profile)
            }
        }
        guard let section else {
            let additions = settings.compactMap { key, value in value.map { "\(key) = \($0)\(newline)" } }
            guard !additions.isEmpty else { return text }
            var output = text
            if !output.isEmpty && !INIFile.endsWithNewline(output) { output += newline }
            let lastLine = INIFile.splitLines(output).last.map { INIFile.content($0) } ?? ""
            if !output.isEmpty && !lastLine.allSatisfy(\.isWhitespace) { output += newline }
            output += "[\(sectionName(for: profile))]\(newline)" + additions.joined()
            return output
        }
        // Edit from the bottom up so earlier line indices stay valid.
        var replacements: [(range: Range<Int>, lines: [String])] = []
        var appended: [String] = []
        for (key, value) in settings {
            let existing = section.options.filter { $0.name == key.lowercased() }
            if let option = existing.last {
                let indent = String(INIFile.content(lines[option.lines.lowerBound]).prefix { $0 == " " || $0 == "\t" })
                replacements.append((option.lines, value.map { ["\(indent)\(key) = \($0)\(newline)"] } ?? []))
            } else if let value {
                appended.append("\(key) = \(value)\(newline)")
            }
        }
        if !appended.isEmpty {
            let insertAt = section.options.last?.lines.upperBound ?? (section.headerLine + 1)
            if insertAt > 0, !INIFile.endsWithNewline(lines[insertAt - 1]) { lines[insertAt - 1] += newline }
            replacements.append((insertAt..<insertAt, appended))
        }
        for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            lines.replaceSubrange(replacement.range, with: replacement.lines)
        }
        return lines.joined()
    }

    /// Applies `updating` to the file on disk, atomically. A new file gets mode 0600; an existing
    /// file keeps its mode, unless `mode` is given (a file that now holds a session token gets 0600).
    /// Returns whether the content changed.
    @discardableResult
    public func update(profile: String, settings: KeyValuePairs<String, String?>, mode: mode_t? = nil)
        throws(ConfigError)
        -> Bool
    {
        let before = try SharedConfig.read(path)
        let after = try updating(before ?? "", profile: profile, settings: settings)
        if after == before { return false }
        do {
            try AtomicFile.write(Data(after.utf8), to: path, newFileMode: 0o600, mode: mode)
        } catch {
            throw ConfigError.unwritable(path: path, reason: error.description)
        }
        return true
    }
}
