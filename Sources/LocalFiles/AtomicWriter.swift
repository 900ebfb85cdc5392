#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces regular files all-or-nothing: a temporary file beside the target is written, flushed and
/// renamed over it, so a reader sees the old file or the new one, never half of one.
///
/// The one place that does this for mfaguard (`~/.aws` files, the session cache, journals, seeds,
/// reports). Its rules:
/// - a symbolic link is followed, so the link stays a link and its target is replaced;
/// - the temporary file is named `.NAME.mfaguard-tmp-` and 12 random letters and digits; it is removed
///   on every failure and on SIGINT/SIGTERM/SIGHUP, and leftovers of that name older than a minute (a
///   SIGKILL, a power cut) are removed by the next write to the same target;
/// - a target with no write permission for its owner is refused (`.readOnly`) unless
///   `replacingReadOnly` is set: replacing it would silently make it writable, which `sed -i` won't;
/// - as root, a replaced file keeps its owner and group.
public enum AtomicWriter {
    /// The mode of the written file.
    public enum Permissions: Sendable, Equatable {
        /// An existing file keeps its mode; a new one gets this mode (e.g. 0o644 for a report).
        case keepingExisting(newFile: mode_t)
        /// Exactly this mode, whatever the file had before: for secrets and account data (0o600).
        case exactly(mode_t)
    }

    /// What to do when the target's folder does not exist.
    public enum MissingDirectory: Sendable, Equatable {
        /// An error naming the folder (for `--output`: a typo must not create a tree of folders).
        case fail
        /// Create it and its parents with mode 0700 (for `~/.aws` and the cache).
        case create
    }

    /// Replaces the file at `path` with `bytes`.
    /// - Parameters:
    ///   - durable: flush the file and the rename to disk (secrets, configuration); an exported image
    ///     only needs the all-or-nothing rename.
    /// - Throws: `LocalFileError` naming the file and the reason; the target is then unchanged.
    public static func replace(
        _ bytes: [UInt8], at path: String, permissions: Permissions, missingDirectory: MissingDirectory = .fail,
        replacingReadOnly: Bool = false, durable: Bool = true
    ) throws(LocalFileError) {
        let target = POSIX.resolvingLinks(path)
        let (directory, name) = POSIX.split(target)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw LocalFileError(.notRegularFile, path: path, "cannot write \(path): it names a directory")
        }
        try ensureDirectory(directory, for: path, missing: missingDirectory)
        let existing = POSIX.status(target, followingLinks: false)
        if let existing {
            let kind = POSIX.kind(existing.st_mode)
            guard kind == mode_t(S_IFREG) else {
                throw LocalFileError(
                    .notRegularFile, path: path,
                    "cannot write \(path): it is \(FileReader.describe(kind)), not a regular file")
            }
            if existing.st_mode & 0o200 == 0 && !replacingReadOnly {
                throw LocalFileError(
                    .readOnly, path: path,
                    "cannot write \(path): the file is read-only (mode \(octal(existing.st_mode & 0o7777)))")
            }
        }
        let mode: mode_t
        switch permissions {
        case .exactly(let exact): mode = exact
        case .keepingExisting(let newFile): mode = existing.map { $0.st_mode & 0o7777 } ?? newFile
        }
        removeStaleTemporaries(in: directory, of: name)

        // The name is registered for removal on a signal before the file exists (mkstemp would create
        // it first, and a signal between the two left it behind); O_EXCL makes it ours alone.
        var temporary = ""
        var slot: Int?
        var descriptor: Int32 = -1
        for _ in 0..<100 where descriptor < 0 {
            temporary = "\(directory)/.\(name).mfaguard-tmp-\(Self.randomSuffix())"
            slot = TerminationCleanup.remember(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor < 0 {
                let code = errno
                TerminationCleanup.forget(slot)
                guard code == EEXIST else {
                    throw LocalFileError(
                        .system, path: path, "cannot write \(path): \(POSIX.reason(code)) (in \(directory))")
                }
            }
        }
        guard descriptor >= 0 else {
            throw LocalFileError(.system, path: path, "cannot write \(path): no free temporary name in \(directory)")
        }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
            TerminationCleanup.forget(slot)
        }
        do {
            defer { close(descriptor) }
            func check(_ ok: Bool) throws(LocalFileError) {
                if !ok { throw LocalFileError(.system, path: path, "cannot write \(path): \(POSIX.reason())") }
            }
            try check(fchmod(descriptor, mode) == 0)
            if let existing, geteuid() == 0, existing.st_uid != 0 || existing.st_gid != 0 {
                try check(fchown(descriptor, existing.st_uid, existing.st_gid) == 0)
                try check(fchmod(descriptor, mode) == 0)  // chown clears set-id bits
            }
            if let code = POSIX.writeAll(bytes, to: descriptor) {
                throw LocalFileError(.system, path: path, "cannot write \(path): \(POSIX.reason(code))")
            }
            try check(!durable || fsync(descriptor) == 0)
        }
        pauseForTests()
        guard rename(temporary, target) == 0 else {
            throw LocalFileError(.system, path: path, "cannot write \(path): \(POSIX.reason())")
        }
        renamed = true
        guard durable else { return }
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// `MFAGUARD_TEST_PAUSE_BEFORE_RENAME_MS` (at most 10 s): a test hook that holds the finished
    /// temporary file before the rename, so a test can signal the process at the one moment a copy of
    /// the target exists twice. Nothing but the tests sets it; the pause changes no outcome.
    private static func pauseForTests() {
        guard let value = getenv("MFAGUARD_TEST_PAUSE_BEFORE_RENAME_MS"),
            let milliseconds = Int(String(cString: value)), milliseconds > 0
        else { return }
        usleep(useconds_t(min(milliseconds, 10_000)) * 1000)
    }

    /// How old a leftover temporary file must be before a write removes it: older than any write.
    static let staleAge: time_t = 60

    /// Twelve random letters and digits, as mkstemp's six but harder to guess.
    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Removes `.NAME.mfaguard-tmp-*` files in `directory` older than `staleAge` (left by a kill).
    static func removeStaleTemporaries(in directory: String, of name: String) {
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        let prefix = ".\(name).mfaguard-tmp-"
        let now = time(nil)
        while let entry = readdir(folder) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // 12 characters now, 6 from mkstemp in versions before December 2026.
            guard entryName.hasPrefix(prefix), [6, 12].contains(entryName.count - prefix.count) else { continue }
            let path = "\(directory)/\(entryName)"
            guard let info = POSIX.status(path, followingLinks: false), POSIX.kind(info.st_mode) == mode_t(S_IFREG),
                info.st_uid == geteuid(), now - info.st_mtim.tv_sec > staleAge
            else { continue }
            unlink(path)
        }
    }

    private static func ensureDirectory(
        _ directory: String, for path: String, missing: MissingDirectory
    ) throws(LocalFileError) {
        if let info = POSIX.status(directory, followingLinks: true) {
            guard POSIX.kind(info.st_mode) == mode_t(S_IFDIR) else {
                throw LocalFileError(
                    .missingDirectory, path: path, "cannot write \(path): \(directory) is not a directory")
            }
            return
        }
        guard missing == .create else {
            throw LocalFileError(
                .missingDirectory, path: path, "cannot write \(path): the directory \(directory) does not exist")
        }
        try createDirectories(directory, for: path)
    }

    /// `mkdir -p` with mode 0700 for every folder it creates, whatever the umask.
    static func createDirectories(_ directory: String, for path: String) throws(LocalFileError) {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if POSIX.status(prefix, followingLinks: true) != nil { continue }
            // The umask can only take bits away from 0700: no moment where the folder is open to others.
            guard mkdir(prefix, 0o700) == 0 || errno == EEXIST else {
                throw LocalFileError(.system, path: path, "cannot create the directory \(prefix): \(POSIX.reason())")
            }
            _ = chmod(prefix, 0o700)
        }
    }

    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
