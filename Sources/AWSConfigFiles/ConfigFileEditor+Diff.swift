import Foundation

extension ConfigFileEditor {
    /// Keys whose values are secrets: a diff shows `<redacted>` instead.
    static let secretKeys: Set<String> = ["aws_secret_access_key", "aws_session_token", "aws_security_token"]

    /// How many unchanged lines a hunk shows on each side of a change (as `diff -u`).
    static let diffContext = 3

    /// The file as it is now (`nil` when there is none) and as `update` would leave it, read without the
    /// lock: for showing the change before asking. `update` reads the file again under the lock.
    public func plannedChange(profile: String, settings: KeyValuePairs<String, String?>) throws(ConfigError) -> (
        before: String?, after: String
    ) {
        let before = try SharedConfig.read(path)
        return (before, try updating(before ?? "", profile: profile, settings: settings))
    }

    /// The change from `before` to `after` (an `updating` of `profile`) as a unified diff: `---`/`+++`
    /// headers and one hunk, with context taken only from `profile`'s own section, so that no line of
    /// another profile is shown. Values of secret keys are shown as `<redacted>`. Empty when nothing
    /// changes. With nothing redacted, `patch` applies the lines to `before` and gives `after`.
    public func diff(from before: String?, to after: String, profile: String) -> [String] {
        let old = INIFile.splitLines(before ?? "")
        let new = INIFile.splitLines(after)
        guard old != new else { return [] }
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        // The section's extent in `before`: only its lines may serve as context.
        let section = before.flatMap { try? INIFile(parsing: $0, path: path) }.flatMap {
            self.section(of: profile, in: $0)
        }
        let sectionLines = section.map { $0.headerLine..<$0.endLine } ?? 0..<0
        var leading = prefix
        while leading > 0, prefix - leading < Self.diffContext, sectionLines.contains(leading - 1) { leading -= 1 }
        var trailing = 0
        while trailing < suffix, trailing < Self.diffContext, sectionLines.contains(old.count - suffix + trailing) {
            trailing += 1
        }
        let oldMiddle = Array(old[prefix..<(old.count - suffix)])
        let newMiddle = Array(new[prefix..<(new.count - suffix)])
        var body: [(mark: Character, line: String)] = old[leading..<prefix].map { (" ", $0) }
        body += Self.editScript(oldMiddle, newMiddle)
        body += old[(old.count - suffix)..<(old.count - suffix + trailing)].map { (" ", $0) }
        let oldCount = body.filter { $0.mark != "+" }.count
        let newCount = body.filter { $0.mark != "-" }.count
        // `-l,0` names the line after which lines are added (0: before the first).
        let oldStart = oldCount == 0 ? leading : leading + 1
        let newStart = newCount == 0 ? leading : leading + 1
        var lines = [before == nil ? "--- /dev/null" : "--- \(path)", "+++ \(path)"]
        lines.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@ [\(sectionName(for: profile))]")
        for (mark, line) in body {
            lines.append(String(mark) + Self.redacted(String(INIFile.content(line))))
            if !INIFile.endsWithNewline(line) { lines.append("\\ No newline at end of file") }
        }
        return lines
    }

    /// `line` with the value of a secret key replaced.
    static func redacted(_ line: String) -> String {
        guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return line }
        let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
        guard secretKeys.contains(key) else { return line }
        return line[...separator] + " <redacted>"
    }

    /// The lines to remove (`-`) and add (`+`) to turn `old` into `new`, keeping their longest common
    /// subsequence (` `). Sections are short; a huge one is shown as all removed, then all added.
    static func editScript(_ old: [String], _ new: [String]) -> [(mark: Character, line: String)] {
        guard !old.isEmpty, !new.isEmpty, old.count * new.count <= 1_000_000 else {
            return old.map { ("-", $0) } + new.map { ("+", $0) }
        }
        // common[i][j]: the length of the longest common subsequence of old[i...] and new[j...].
        var common = [[Int]](repeating: [Int](repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var script: [(mark: Character, line: String)] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                script.append((" ", old[i]))
                i += 1
                j += 1
            } else if j == new.count || (i < old.count && common[i + 1][j] >= common[i][j + 1]) {
                script.append(("-", old[i]))
                i += 1
            } else {
                script.append(("+", new[j]))
                j += 1
            }
        }
        return script
    }
}
