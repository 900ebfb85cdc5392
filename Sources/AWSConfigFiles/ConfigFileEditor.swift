import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sets or removes one profile's keys in a shared config or credentials file and leaves every other
/// byte as it was: comments, blank lines, ordering, other profiles, line endings.
///
/// This is the one writer of `~/.aws` files, so its checks hold for every caller:
/// - no control character (C0, DEL, C1, Unicode line separators) in a profile name, key or value,
///   whatever its source (a flag, an IAM or STS answer): a line break would add lines of its own;
/// - the read-modify-write runs under an exclusive lock on `FILE.lock` and reads the file under it,
///   so concurrent writers cannot lose each other's changes;
/// - a read-only file is not replaced unless the caller asks (`force`) and owns it.
///
/// Writes are atomic: a temp file in the same directory, fsync, rename (see `AtomicFile`).
public struct ConfigFileEditor: Sendable {
    /// Which file: profile headers differ (`[profile NAME]` in config, `[NAME]` in credentials).
    public enum Kind: Sendable {
        case config
        case credentials
    }

    /// How `update` treats what is already there.
    public struct WriteOptions: Sendable {
        /// Replace a read-only file the user owns (it keeps its read-only mode).
        public var force: Bool
        /// Refuse a profile holding long-term keys (`aws_access_key_id` without `aws_session_token`).
        public var protectLongTermKeys: Bool
        /// How long to wait for another writer's lock.
        public var lockTimeout: TimeInterval

        /// Options; the defaults refuse read-only files and allow replacing long-term keys.
        public init(force: Bool = false, protectLongTermKeys: Bool = false, lockTimeout: TimeInterval = 10) {
            self.force = force
            self.protectLongTermKeys = protectLongTermKeys
            self.lockTimeout = lockTimeout
        }
    }

    /// The file this editor writes.
    public let path: String
    /// Whether it is a config or a credentials file.
    public let kind: Kind

    /// An editor of the file at `path`; nothing is read until it is asked to.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// The first character of `text` that must not go into the file: C0 controls (CR, LF, NUL, tab, …),
    /// DEL, C1 controls, and U+2028/U+2029 (line breaks to some readers).
    public static func controlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
                || scalar.value == 0x2029
        }
    }

    /// Checks the profile name, keys and values before anything is read or written.
    public func validate(profile: String, settings: KeyValuePairs<String, String?>) throws(ConfigError) {
        if let scalar = Self.controlCharacter(in: profile) {
            throw .controlCharacter(path: path, field: "the profile name", scalar: scalar.value)
        }
        guard !profile.isEmpty, !profile.contains(where: { $0 == "[" || $0 == "]" }),
            profile.first?.isWhitespace != true, profile.last?.isWhitespace != true
        else { throw .invalidName(path: path, field: "a profile name", name: profile) }
        for (key, value) in settings {
            if let scalar = Self.controlCharacter(in: key) {
                throw .controlCharacter(path: path, field: "a key name", scalar: scalar.value)
            }
            guard !key.isEmpty, !key.contains(where: { "=:[]#; ".contains($0) }) else {
                throw .invalidName(path: path, field: "a key name", name: key)
            }
            if let value, let scalar = Self.controlCharacter(in: value) {
                throw .controlCharacter(
                    path: path, field: "the value of '\(key)' in [\(profile)]", scalar: scalar.value)
            }
        }
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
        try validate(profile: profile, settings: settings)
        let file = try INIFile(parsing: text, path: path)
        var lines = file.lines
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        guard let section = section(of: profile, in: file) else {
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

    /// The section `updating` changes for `profile`: in config, `[profile NAME]` (or `[default]`, or a
    /// quoted `[profile "NAME"]`); in credentials, `[NAME]`.
    func section(of profile: String, in file: INIFile) -> INIFile.Section? {
        file.sections.last { section in
            switch kind {
            case .credentials: section.name == profile
            case .config:
                section.name == sectionName(for: profile)
                    || (section.name.hasPrefix("profile") && SharedConfig.sectionArgument(section.name) == profile)
            }
        }
    }

    /// Applies `updating` to the file on disk, atomically, holding `FILE.lock` from the read to the
    /// rename. A new file gets mode 0600; an existing file keeps its mode, unless `mode` is given (a file
    /// that now holds a session token gets 0600; a read-only one replaced with `force` stays read-only).
    /// Returns whether the content changed.
    @discardableResult
    public func update(
        profile: String, settings: KeyValuePairs<String, String?>, mode: mode_t? = nil,
        options: WriteOptions = WriteOptions()
    ) throws(ConfigError) -> Bool {
        try validate(profile: profile, settings: settings)
        try makeParentDirectory()
        let lockPath = FileLock.lockPath(for: path)
        do {
            return try FileLock.withLock(lockPath, timeout: options.lockTimeout, purpose: "writing \(path)") {
                () throws(ConfigError) -> Bool in
                try updateLocked(profile: profile, settings: settings, mode: mode, options: options)
            }
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .locked(path: path, reason: "\(error)")
        }
    }

    /// Whether `update` would refuse to touch `profile` (a read-only file, long-term keys), checked
    /// without the lock and without writing: lets a caller stop before it asks for an MFA code.
    /// `update` checks again under the lock.
    public func preflight(profile: String, settings: KeyValuePairs<String, String?>, options: WriteOptions)
        throws(ConfigError)
    {
        try validate(profile: profile, settings: settings)
        _ = try checkTarget(try SharedConfig.read(path), profile: profile, mode: nil, options: options)
    }

    private func updateLocked(
        profile: String, settings: KeyValuePairs<String, String?>, mode: mode_t?, options: WriteOptions
    ) throws(ConfigError) -> Bool {
        // Read under the lock: a writer that finished while this one waited is not overwritten.
        let before = try SharedConfig.read(path)
        let writeMode = try checkTarget(before, profile: profile, mode: mode, options: options)
        let after = try updating(before ?? "", profile: profile, settings: settings)
        if after == before { return false }
        do {
            try AtomicFile.write(
                Data(after.utf8), to: path, newFileMode: 0o600, mode: writeMode, replacingReadOnly: options.force)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
        return true
    }

    /// Refuses a read-only file (unless `force` and ours) and a profile with long-term keys (when
    /// protected); returns the mode to write with.
    private func checkTarget(_ before: String?, profile: String, mode: mode_t?, options: WriteOptions)
        throws(ConfigError) -> mode_t?
    {
        guard let before else { return mode }
        var writeMode = mode
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o222 == 0 {
            let bits = UInt32(info.st_mode & 0o7777)
            guard info.st_uid == geteuid() else {
                throw .readOnly(path: path, mode: bits, ownerUID: UInt32(info.st_uid))
            }
            guard options.force else { throw .readOnly(path: path, mode: bits, ownerUID: nil) }
            // As the user left it: read-only, and no wider than a forced mode allows.
            writeMode = (mode ?? 0o7777) & (info.st_mode & 0o7777)
        }
        if options.protectLongTermKeys {
            let file = try INIFile(parsing: before, path: path)
            if let section = section(of: profile, in: file), section.value("aws_access_key_id") != nil,
                section.value("aws_session_token") == nil
            {
                throw .holdsLongTermKeys(profile: profile, path: path)
            }
        }
        return writeMode
    }

    /// `~/.aws` may not exist yet; the lock file needs it. Created 0700, as the AWS CLI does.
    private func makeParentDirectory() throws(ConfigError) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
        }
    }
}
