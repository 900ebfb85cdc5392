#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one writer behind every `--output`: it never harms what is at the path.
///
/// - `-` (or no path) is standard output; `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and
///   `/proc/self/fd/N` are written to that descriptor, as the shell does.
/// - A path that exists and is not a regular file — a FIFO, a character or block device such as
///   `/dev/null`, a socket — is opened and written in place, never renamed over.
/// - A regular file (or a new one) is replaced atomically by `AtomicWriter`.
/// - A missing folder is an error naming it, as the AWS CLI and Prowler do; nothing is created.
public enum OutputFile {
    /// What the output holds, which decides its mode when it is a regular file.
    public enum Contents: Sendable, Equatable {
        /// A report: an existing file keeps its mode, a new one is 0644.
        case report
        /// Secrets or account data (seeds, `--show-secret` output, snapshots): always 0600.
        case sensitive
    }

    /// Writes `bytes` to `path` (nil or `-`: standard output).
    /// - Parameter durable: flush a replaced regular file to disk (the default).
    /// - Throws: `LocalFileError` naming the path; a regular target is unchanged after a failure.
    public static func write(
        _ bytes: [UInt8], to path: String?, contents: Contents, durable: Bool = true
    ) throws(LocalFileError) {
        guard let path, path != "-", !path.isEmpty else {
            try writeAll(bytes, to: STDOUT_FILENO, path: "standard output")
            return
        }
        if let descriptor = inheritedDescriptor(path) {
            try writeAll(bytes, to: descriptor, path: path)
            return
        }
        if let info = POSIX.status(path, followingLinks: true), POSIX.kind(info.st_mode) != mode_t(S_IFREG) {
            let kind = POSIX.kind(info.st_mode)
            guard kind != mode_t(S_IFDIR) else {
                throw LocalFileError(.notRegularFile, path: path, "cannot write \(path): it is a directory")
            }
            // In place: a FIFO's reader, a device, a socket get the bytes and stay what they are.
            let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw LocalFileError(.system, path: path, "cannot write \(path): \(POSIX.reason())")
            }
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor, path: path)
            return
        }
        let permissions: AtomicWriter.Permissions =
            switch contents {
            case .report: .keepingExisting(newFile: 0o644)
            case .sensitive: .exactly(0o600)
            }
        try AtomicWriter.replace(bytes, at: path, permissions: permissions, missingDirectory: .fail, durable: durable)
    }

    /// The descriptor a `/dev/stdout`-like path names; nil for any other path.
    static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            guard let number = Int32(path.dropFirst(prefix.count)), number >= 0, fcntl(number, F_GETFD) >= 0 else {
                return nil
            }
            return number
        }
        return nil
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(LocalFileError) {
        if let code = POSIX.writeAll(bytes, to: descriptor) {
            throw LocalFileError(.system, path: path, "cannot write \(path): \(POSIX.reason(code))")
        }
    }
}
