import AWSClient
import AWSConfigFiles
import Foundation
import Hashing
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The cache trusts only its owner: whoever can write the directory or an entry can hand out
/// credentials (the victim's CLI then acts as the attacker) or receive them (a symlinked entry).
extension MFASessionCache {
    /// Makes sure the directory exists and is private to the effective user, on every use:
    /// - missing: created (with missing parents) by `mkdir` with mode 0700, so it is never wider, then
    ///   set to exactly 0700 whatever the umask;
    /// - a real directory (not a symlink) owned by the effective user, else refused with a message;
    /// - group or other permission bits are removed (chmod 0700).
    func prepareDirectory() throws(SessionError) {
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { throw .cache("cannot examine \(directory): \(Self.errnoText())") }
            try Self.makePrivateDirectory(directory)
            guard lstat(directory, &info) == 0 else {
                throw .cache("cannot examine \(directory): \(Self.errnoText())")
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .cache(
                "\(directory) is not a directory\(info.st_mode & S_IFMT == S_IFLNK ? " (a symlink)" : ""); "
                    + "mfaguard keeps sessions only in a private directory of its own")
        }
        guard info.st_uid == geteuid() else {
            throw .cache(
                "\(directory) belongs to uid \(info.st_uid), not to you (uid \(geteuid())): refusing a cache "
                    + "someone else controls; remove it, or set XDG_CACHE_HOME to a directory of your own")
        }
        if info.st_mode & 0o077 != 0, chmod(directory, 0o700) != 0 {
            throw .cache("cannot make \(directory) private (chmod 0700): \(Self.errnoText())")
        }
    }

    /// `mkdir -p` where every directory it creates gets 0700 at `mkdir` (the umask can only narrow that)
    /// and then exactly 0700.
    private static func makePrivateDirectory(_ path: String) throws(SessionError) {
        var missing: [String] = []
        var current = path
        var info = stat()
        while !current.isEmpty, current != "/", lstat(current, &info) != 0 {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for directory in missing.reversed() {
            if mkdir(directory, 0o700) != 0 {
                guard errno == EEXIST else { throw .cache("cannot create \(directory): \(errnoText())") }
                continue  // another process made it first; prepareDirectory checks the result
            }
            guard chmod(directory, 0o700) == 0 else {
                throw .cache("cannot make \(directory) private (chmod 0700): \(errnoText())")
            }
        }
    }

    /// The contents of an entry file, or `nil` when it is missing, not a regular file, or a symlink
    /// (opened with `O_NOFOLLOW`: never followed; the next write replaces it). A file of another user
    /// is refused; a file of ours with group or other bits is tightened to 0600.
    func readPrivateFile(_ path: String) throws(SessionError) -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ELOOP { return nil }
            throw .cache("cannot open \(path): \(Self.errnoText())")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard info.st_uid == geteuid() else {
            throw .cache("\(path) belongs to uid \(info.st_uid), not to you (uid \(geteuid())): refusing it")
        }
        if info.st_mode & 0o7177 != 0, fchmod(fd, 0o600) != 0 {
            throw .cache("cannot make \(path) private (chmod 0600): \(Self.errnoText())")
        }
        // An entry is a few kilobytes; more is not ours.
        let limit = 64 * 1024
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 8192)
        while data.count <= limit {
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data.count <= limit ? data : nil
    }

    /// Writes `object` as JSON to `path`, atomically, with mode 0600 whatever the old file had. A symlink
    /// there is removed first (the atomic writer follows links; the secrets must not go where it points).
    func writePrivateFile(_ object: [String: JSONValue], to path: String) throws(SessionError) {
        try prepareDirectory()
        try refuseSymlink(path)
        do {
            let data = Data(JSONWriter.compact(.sortedObject(object)).utf8)
            try AtomicFile.write(data, to: path, newFileMode: 0o600, mode: 0o600)
        } catch {
            throw .cache("cannot write \(path): \(error)")
        }
    }

    /// Removes a symlink at `path` (inside our private directory, only we or root could have made it).
    func refuseSymlink(_ path: String) throws(SessionError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFLNK, unlink(path) != 0 {
            throw .cache("cannot remove the symlink \(path): \(Self.errnoText())")
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Codes STS rejected, remembered per source key and device so that the processes waiting for the
/// same session (SDKs start several) see the failure instead of each sending the same code again,
/// and running `mfa_process` again for it.
extension MFASessionCache {
    /// How long a rejected code is remembered: longer than any code is valid (30 s steps, with the
    /// clock skew STS allows), short enough that a repeated code by chance is no problem.
    static let rejectionMemory: TimeInterval = 600

    /// One rejection: an id that changes with each one, and a hash of the code (never the code).
    struct Rejection: Sendable, Equatable {
        var id: String
        var codeHash: String
        var rejectedAt: Date
    }

    /// The key rejections are kept under: the source key and the device (a code belongs to a device).
    static func rejectionKey(sourceAccessKeyID: String, mfaSerial: String) -> Key {
        Key(sourceAccessKeyID: sourceAccessKeyID, mfaSerial: mfaSerial)
    }

    static func codeHash(_ code: String, key: Key) -> String {
        HashFunction.hex(HashFunction.sha256.digest(Array("mfaguard-rejected-v1\n\(key.hash)\n\(code)".utf8)))
    }

    /// The latest rejection under `key` while it is remembered.
    func rejection(_ key: Key, now: Date) throws(SessionError) -> Rejection? {
        try prepareDirectory()
        guard let data = try readPrivateFile(path(key, "rejected")),
            let object = try? JSONReader.parse(data),
            let id = object["Id"]?.stringValue, let hash = object["CodeHash"]?.stringValue,
            let at = object["RejectedAt"]?.doubleValue, at.isFinite
        else { return nil }
        let rejection = Rejection(id: id, codeHash: hash, rejectedAt: Date(timeIntervalSince1970: at))
        let age = now.timeIntervalSince(rejection.rejectedAt)
        return age >= -60 && age < Self.rejectionMemory ? rejection : nil
    }

    /// Remembers that STS rejected `code` for `key`.
    func recordRejection(_ code: String, _ key: Key, now: Date) throws(SessionError) {
        try writePrivateFile(
            [
                "Id": .string(UUID().uuidString), "CodeHash": .string(Self.codeHash(code, key: key)),
                "RejectedAt": .double(now.timeIntervalSince1970),
            ], to: path(key, "rejected"))
    }

    /// Forgets rejections under `key` (a code worked).
    func clearRejection(_ key: Key) {
        unlink(path(key, "rejected"))
    }
}
