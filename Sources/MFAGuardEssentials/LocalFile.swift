#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small files read and written with plain POSIX calls, so errors carry the system's reason.
///
/// Writes are atomic: a temporary file in the same directory is written, `fsync`ed and renamed over
/// the target, so a reader sees the old file or the new one, never half of one.
public enum LocalFile {
    /// Reads a whole file of at most `limit` bytes.
    /// - Throws: `MFAGuardFailure(.input)` naming the file and the system's reason.
    public static func contents(of path: String, limit: Int = 1 << 20) throws(MFAGuardFailure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot read", path) }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", path)
            }
            if count == 0 { break }
            result += chunk[0..<count]
            guard result.count <= limit else {
                throw MFAGuardFailure(.input, "cannot read \(path): larger than \(limit) bytes")
            }
        }
        return result
    }

    /// Replaces `path` with `bytes` atomically, the new file having `permissions` (e.g. 0o600).
    /// `durable` flushes the file and the rename to disk (seeds, credentials); an exported image only
    /// needs the all-or-nothing rename, as `qrencode -o` does not flush either.
    /// - Throws: `MFAGuardFailure(.input)` naming the file and the system's reason.
    public static func writeAtomically(
        _ bytes: [UInt8], to path: String, permissions: Int = 0o644, durable: Bool = true
    ) throws(MFAGuardFailure) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw MFAGuardFailure(.input, "cannot write \(path): it names a directory") }
        var template = Array("\(directory).\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure("cannot write", path) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, mode_t(permissions)) == 0 else { throw failure("cannot write", path) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes {
                    write(descriptor, $0.baseAddress! + offset, bytes.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write", path)
                }
                offset += written
            }
            guard !durable || fsync(descriptor) == 0 else { throw failure("cannot write", path) }
        }
        guard rename(temporary, path) == 0 else { throw failure("cannot write", path) }
        renamed = true
        guard durable else { return }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func failure(_ action: String, _ path: String) -> MFAGuardFailure {
        MFAGuardFailure(.input, "\(action) \(path): \(String(cString: strerror(errno)))")
    }
}
