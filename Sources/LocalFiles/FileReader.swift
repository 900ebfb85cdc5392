#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files with a size limit, refusing what is not a file where a file is expected: a FIFO
/// with no writer would hang the command, `/dev/zero` would fill the memory.
public enum FileReader {
    /// Which kinds of path a reader takes.
    public enum Accepting: Sendable {
        /// Regular files, and `/dev/null` (read as empty: `AWS_CONFIG_FILE=/dev/null` is common).
        /// For files mfaguard finds by itself or by configuration: config, credentials, caches.
        case regularFiles
        /// Also pipes, FIFOs and character devices, read up to the limit: for a file the user names on
        /// the command line, where `/dev/stdin` or a process substitution is a deliberate choice.
        case streams
    }

    /// Every byte of `path`, at most `limit` of them.
    /// - Throws: `LocalFileError` naming the file: missing (`.notFound`), not a regular file, larger
    ///   than `limit`, or the system's reason.
    public static func contents(
        of path: String, limit: Int, accepting: Accepting = .regularFiles
    ) throws(LocalFileError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO without a writer must not block; cleared below for streams.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            throw LocalFileError(
                code == ENOENT ? .notFound : .system, path: path, "cannot read \(path): \(POSIX.reason(code))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw LocalFileError(.system, path: path, "cannot read \(path): \(POSIX.reason())")
        }
        let kind = POSIX.kind(info.st_mode)
        switch kind {
        case mode_t(S_IFREG):
            guard Int(info.st_size) <= limit else { throw tooLarge(path, limit) }
        case mode_t(S_IFCHR) where isNullDevice(info):
            return []
        case mode_t(S_IFDIR):
            throw LocalFileError(.notRegularFile, path: path, "cannot read \(path): it is a directory")
        case mode_t(S_IFIFO), mode_t(S_IFCHR), mode_t(S_IFSOCK):
            guard accepting == .streams else {
                throw LocalFileError(
                    .notRegularFile, path: path, "cannot read \(path): it is \(describe(kind)), not a regular file")
            }
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        default:
            throw LocalFileError(
                .notRegularFile, path: path, "cannot read \(path): it is \(describe(kind)), not a regular file")
        }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw LocalFileError(.system, path: path, "cannot read \(path): \(POSIX.reason())")
            }
            if count == 0 { return result }
            guard result.count + count <= limit else { throw tooLarge(path, limit) }
            result += chunk[0..<count]
        }
    }

    /// Like `contents(of:limit:accepting:)`, but a missing file is `nil` instead of an error.
    public static func contentsIfPresent(
        of path: String, limit: Int, accepting: Accepting = .regularFiles
    ) throws(LocalFileError) -> [UInt8]? {
        do { return try contents(of: path, limit: limit, accepting: accepting) } catch  where error.kind == .notFound {
            return nil
        }
    }

    /// "1 MiB", "64 KiB", "100 bytes": the limit as people read it.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    private static func tooLarge(_ path: String, _ limit: Int) -> LocalFileError {
        LocalFileError(
            .tooLarge, path: path, "cannot read \(path): larger than \(size(limit)), the limit for this file")
    }

    private static func isNullDevice(_ info: stat) -> Bool {
        guard let null = POSIX.status("/dev/null", followingLinks: true) else { return false }
        return POSIX.kind(null.st_mode) == mode_t(S_IFCHR) && null.st_rdev == info.st_rdev
    }

    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case mode_t(S_IFIFO): "a FIFO"
        case mode_t(S_IFCHR): "a character device"
        case mode_t(S_IFBLK): "a block device"
        case mode_t(S_IFSOCK): "a socket"
        case mode_t(S_IFDIR): "a directory"
        case mode_t(S_IFLNK): "a symbolic link"
        default: "not a regular file"
        }
    }
}
