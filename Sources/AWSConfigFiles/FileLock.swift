import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock(2)` on a lock file beside the file it protects (`config.lock` for `config`), so
/// that concurrent read-modify-writes of that file happen one after the other instead of losing each
/// other's changes. The lock file itself stays (removing it would let two processes lock two different
/// files of the same name); it is empty and mode 0600.
public enum FileLock {
    /// Why a lock could not be taken, in one line.
    public struct LockError: Error, CustomStringConvertible, Sendable {
        /// What happened, with the lock file's path.
        public let description: String
    }

    /// The default wait before giving up: long enough for any other mfaguard's write to finish.
    public static let defaultTimeout: TimeInterval = 10

    /// Runs `body` holding the lock on `path` (created with mode 0600 when missing, never through a
    /// symlink), after waiting at most `timeout` seconds for another holder to let go.
    public static func withLock<T, E: Error>(
        _ path: String, timeout: TimeInterval = FileLock.defaultTimeout, purpose: String,
        _ body: () throws(E) -> T
    ) throws -> T {
        let fd = try acquire(path, timeout: timeout, purpose: purpose)
        defer { release(fd) }
        return try body()
    }

    /// `withLock` for asynchronous work (the session cache holds its lock across an STS call).
    public static func withLock<T>(
        _ path: String, timeout: TimeInterval = FileLock.defaultTimeout, purpose: String,
        _ body: () async throws -> T
    ) async throws -> T {
        let fd = try acquire(path, timeout: timeout, purpose: purpose)
        defer { release(fd) }
        return try await body()
    }

    /// The lock file for `target`: `target.lock` in the same directory.
    public static func lockPath(for target: String) -> String { target + ".lock" }

    private static func acquire(_ path: String, timeout: TimeInterval, purpose: String) throws(LockError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw LockError(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            guard error == EWOULDBLOCK || error == EINTR || error == EAGAIN else {
                close(fd)
                throw LockError(description: "cannot lock \(path): \(String(cString: strerror(error)))")
            }
            guard Date() < deadline else {
                close(fd)
                throw LockError(
                    description: "another process has held \(path) for over \(Int(timeout.rounded())) s "
                        + "(\(purpose)); try again, or find the process holding it (fuser \(path))")
            }
            // Polling rather than a blocking flock: a blocking call cannot time out without signals.
            usleep(20_000)
        }
        return fd
    }

    private static func release(_ fd: Int32) {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
