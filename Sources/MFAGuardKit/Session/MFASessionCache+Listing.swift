import AWSClient
import AWSConfigFiles
import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mfaguard session list` and `session clear`: what the cache holds, never a secret, and its removal.
extension MFASessionCache {
    /// One cached session as `session list` shows it.
    public struct Listing: Sendable, Equatable {
        /// The entry's key (its file name without `.json`).
        public var key: String
        /// `GetSessionToken` or `AssumeRole`.
        public var kind: String
        /// The device whose code made it.
        public var mfaSerial: String
        /// The role of a role session.
        public var roleARN: String?
        /// When it expires.
        public var expiration: Date
        /// The profiles of the config files whose session this is (profiles whose device is found only
        /// through IAM, without `mfa_serial`, cannot be matched offline and are not named).
        public var profiles: [String]

        /// Whether it has expired at `now`.
        public func isExpired(at now: Date) -> Bool { expiration <= now }
    }

    /// Every readable session in the cache, soonest expiry first; an absent cache directory holds none.
    public func listings(config: SharedConfig?) throws(SessionError) -> [Listing] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        try prepareDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let owners = config.map(Self.profilesByKey) ?? [:]
        var result: [Listing] = []
        for name in names where name.hasSuffix(".json") {
            let hash = String(name.dropLast(5))
            guard let data = try? readPrivateFile("\(directory)/\(name)"), let object = try? JSONReader.parse(data),
                let expiresAt = object["ExpiresAt"]?.doubleValue, expiresAt.isFinite,
                Self.expiresAtRange.contains(expiresAt), let serial = object["MFASerial"]?.stringValue
            else { continue }
            let role = object["RoleArn"]?.stringValue
            result.append(
                Listing(
                    key: hash, kind: role == nil ? "GetSessionToken" : "AssumeRole", mfaSerial: serial, roleARN: role,
                    expiration: Date(timeIntervalSince1970: expiresAt), profiles: (owners[hash] ?? []).sorted()))
        }
        return result.sorted { ($0.expiration, $0.key) < ($1.expiration, $1.key) }
    }

    /// Removes the sessions with these keys (with their lock and rejected-code files); returns how many
    /// sessions were removed.
    @discardableResult
    public func remove(keys: [String]) -> Int {
        var removed = 0
        for key in keys {
            if unlink("\(directory)/\(key).json") == 0 { removed += 1 }
            unlink("\(directory)/\(key).lock")
        }
        return removed
    }

    /// Removes every file of the cache (sessions, locks, rejected codes); returns how many sessions
    /// were removed.
    @discardableResult
    public func removeAll() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed = 0
        for name in names where [".json", ".lock", ".rejected"].contains(where: name.hasSuffix) {
            if unlink("\(directory)/\(name)") == 0, name.hasSuffix(".json") { removed += 1 }
        }
        return removed
    }

    /// The cache keys each profile's sessions are stored under, as far as the files tell: its (or its
    /// `source_profile`'s) static keys and `mfa_serial`, and its `role_arn`. A role profile also owns
    /// the `GetSessionToken` session it chains from.
    static func profilesByKey(_ config: SharedConfig) -> [String: [String]] {
        var owners: [String: [String]] = [:]
        for name in config.profiles.keys {
            let role = config.value("role_arn", in: name)
            let source = role == nil ? name : (config.value("source_profile", in: name) ?? name)
            guard let keys = MFASessionTarget.staticKeys(source, config: config),
                let serial = config.value("mfa_serial", in: name) ?? config.value("mfa_serial", in: source)
            else { continue }
            let token = Key(sourceAccessKeyID: keys.accessKeyID, mfaSerial: serial).hash
            owners[token, default: []].append(name)
            if let role {
                owners[Key(sourceAccessKeyID: keys.accessKeyID, mfaSerial: serial, roleARN: role).hash, default: []]
                    .append(name)
            }
        }
        return owners
    }
}

/// The two renderings of `mfaguard session list`: neither holds a key, secret or token.
public enum SessionCacheReport {
    /// Aligned columns: profiles (`-` when none matched), kind, expiry, expired or the time left, device or role.
    public static func table(_ listings: [MFASessionCache.Listing], now: Date) -> String {
        guard !listings.isEmpty else { return "No cached MFA sessions." }
        let rows =
            [["PROFILES", "KIND", "EXPIRES", "STATE", "DEVICE / ROLE", "KEY"]]
            + listings.map { listing in
                [
                    listing.profiles.isEmpty ? "-" : listing.profiles.joined(separator: ","), listing.kind,
                    HTTPDate.iso8601(listing.expiration),
                    listing.isExpired(at: now)
                        ? "expired"
                        : "valid (\(SessionDuration.format(Int(listing.expiration.timeIntervalSince(now)))) left)",
                    listing.roleARN ?? listing.mfaSerial, String(listing.key.prefix(12)),
                ]
            }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }

    /// `{"sessions": [{"key", "kind", "profiles", "mfaSerial", "roleArn", "expiration", "expired"}]}`.
    public static func json(_ listings: [MFASessionCache.Listing], now: Date) -> String {
        let sessions: [JSONValue] = listings.map { listing in
            .sortedObject([
                "key": .string(listing.key), "kind": .string(listing.kind),
                "profiles": .array(listing.profiles.map { .string($0) }), "mfaSerial": .string(listing.mfaSerial),
                "roleArn": .string(listing.roleARN), "expiration": .string(HTTPDate.iso8601(listing.expiration)),
                "expired": .bool(listing.isExpired(at: now)),
            ])
        }
        return JSONWriter.pretty(.sortedObject(["sessions": .array(sessions)]))
    }
}
