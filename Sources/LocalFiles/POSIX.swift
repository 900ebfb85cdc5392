#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX helpers the file code shares: the system's reason for the last failure, and whole
/// writes that survive `EINTR` and short writes.
enum POSIX {
    /// `strerror(errno)`, read right after the failing call.
    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Writes every byte of `bytes` to `descriptor`; the `errno` of the first failure otherwise.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// `lstat`/`stat` as an optional.
    static func status(_ path: String, followingLinks: Bool) -> stat? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? info : nil
    }

    /// The kind bits of `mode` (`S_IFMT`).
    static func kind(_ mode: mode_t) -> mode_t { mode & mode_t(S_IFMT) }

    /// The folder part of `path` ("." when there is none) and its last component.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Follows symbolic links at `path` (at most 32), so that a replaced file leaves the link a link.
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<32 {
            guard let info = status(current, followingLinks: false), kind(info.st_mode) == mode_t(S_IFLNK) else {
                return current
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return current }
            let destination = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/") ? destination : split(current).directory + "/" + destination
        }
        return current
    }
}
