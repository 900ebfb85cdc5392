import AWSClient
import AWSConfigFiles
import Foundation
import Hashing
import JSON
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// MFA sessions on disk, one JSON file per session, the way the AWS CLI caches its own
/// (`~/.aws/cli/cache`): a private directory (0700), private files (0600), replaced atomically so a
/// reader sees a whole file or none. File names are SHA-256 hashes, never a key in clear.
public struct MFASessionCache: Sendable {
    /// The cache folder, created 0700 on first use: `KEY.json` sessions, `KEY.lock` locks, `KEY.rejected` codes.
    public let directory: String
    /// Where a debug note goes when an entry is ignored.
    public let logger: Logger?

    /// A cache in `directory`; nothing is read or created until the first call.
    public init(directory: String, logger: Logger? = nil) {
        self.directory = directory
        self.logger = logger
    }

    /// `$XDG_CACHE_HOME/mfaguard`, else `~/.cache/mfaguard`.
    public init(environment: AWSEnvironment, logger: Logger? = nil) {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        self.init(directory: (base ?? environment.homeDirectory + "/.cache") + "/mfaguard", logger: logger)
    }

    /// The `ExpiresAt` values an entry may hold: from 1970 to the end of year 9999. Why: the file is input
    /// like any other; a value beyond `time_t` trapped on every call until the file was deleted.
    static let expiresAtRange: ClosedRange<Double> = 0...253_402_300_799

    /// Which session an entry holds: every profile with the same source key, MFA device (and role)
    /// shares it.
    public struct Key: Sendable, Hashable {
        /// The hex SHA-256 of the key material, the entry's file name without suffix.
        public let hash: String

        /// The key of a `GetSessionToken` session (`roleARN == nil`) or of a role session.
        public init(sourceAccessKeyID: String, mfaSerial: String, roleARN: String? = nil) {
            var material = "mfaguard-session-v1\n\(sourceAccessKeyID)\n\(mfaSerial)"
            if let roleARN { material += "\nrole:\(roleARN)" }
            hash = HashFunction.hex(HashFunction.sha256.digest(Array(material.utf8)))
        }
    }

    /// A cached session: the credentials and what they were made for.
    public struct Entry: Sendable, Equatable {
        /// The session's keys and token; stored as `AccessKeyId`, `SecretAccessKey`, `SessionToken`.
        public var credentials: AWSCredentials
        /// When the session expires; stored as `ExpiresAt` (Unix seconds) and ISO 8601 `Expiration`.
        public var expiration: Date
        /// The device whose code made the session.
        public var mfaSerial: String
        /// The role of a role session; nil for a `GetSessionToken` session.
        public var roleARN: String?

        /// An entry as given; `store` writes it, with `credentials.sessionToken` nil written as `""`.
        public init(credentials: AWSCredentials, expiration: Date, mfaSerial: String, roleARN: String?) {
            self.credentials = credentials
            self.expiration = expiration
            self.mfaSerial = mfaSerial
            self.roleARN = roleARN
        }
    }

    func path(_ key: Key, _ suffix: String) -> String { "\(directory)/\(key.hash).\(suffix)" }

    /// How long a holder of a session lock may keep the others waiting: it may be waiting for a person
    /// to type a code, or for `mfa_process` (a YubiKey touch), so far longer than a file write.
    public static let sessionLockTimeout: TimeInterval = 120

    /// The entry for `key`, or `nil` when there is none or it cannot be read (a broken file counts as a
    /// miss, and so does a symlink, which is never followed). Throws when the directory or the entry
    /// cannot be trusted (see `prepareDirectory` and `readPrivateFile`).
    public func entry(_ key: Key) throws(SessionError) -> Entry? {
        try prepareDirectory()
        guard let data = try readPrivateFile(path(key, "json")),
            let object = try? JSONReader.parse(data),
            let keyID = object["AccessKeyId"]?.stringValue, let secret = object["SecretAccessKey"]?.stringValue,
            let token = object["SessionToken"]?.stringValue, let expiresAt = object["ExpiresAt"]?.doubleValue,
            let serial = object["MFASerial"]?.stringValue
        else { return nil }
        // A date past year 9999 (or not a number) is not one STS gave; it would also overflow time_t.
        guard expiresAt.isFinite, Self.expiresAtRange.contains(expiresAt) else {
            logger?.debug("ignoring the cached session \(path(key, "json")): ExpiresAt \(expiresAt) is out of range")
            return nil
        }
        let expiration = Date(timeIntervalSince1970: expiresAt)
        return Entry(
            credentials: AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, expiration: expiration),
            expiration: expiration, mfaSerial: serial, roleARN: object["RoleArn"]?.stringValue)
    }

    /// Stores `entry` under `key` atomically, mode 0600.
    public func store(_ entry: Entry, as key: Key) throws(SessionError) {
        var object: [String: JSONValue] = [
            "Version": .int(1), "AccessKeyId": .string(entry.credentials.accessKeyID),
            "SecretAccessKey": .string(entry.credentials.secretAccessKey),
            "SessionToken": .string(entry.credentials.sessionToken ?? ""),
            "Expiration": .string(HTTPDate.iso8601(entry.expiration)),
            "ExpiresAt": .double(entry.expiration.timeIntervalSince1970), "MFASerial": .string(entry.mfaSerial),
        ]
        if let roleARN = entry.roleARN { object["RoleArn"] = .string(roleARN) }
        try writePrivateFile(object, to: path(key, "json"))
    }

    /// Removes the entry for `key` (for example after STS rejected it).
    public func remove(_ key: Key) {
        unlink(path(key, "json"))
    }

    /// Runs `body` holding an exclusive `flock` on the key's lock file, so that of several processes
    /// wanting the same session only one asks for a code and calls STS; the others wait, then find
    /// the session in the cache (or the rejection of its code). Waits at most `sessionLockTimeout`.
    public func withLock<T>(_ key: Key, _ body: () async throws -> T) async throws -> T {
        try prepareDirectory()
        let lockPath = path(key, "lock")
        try refuseSymlink(lockPath)
        do {
            return try await FileLock.withLock(
                lockPath, timeout: Self.sessionLockTimeout, purpose: "another mfaguard is getting this MFA session",
                body)
        } catch let error as FileLock.LockError {
            throw SessionError.cache(error.description)
        }
    }
}
