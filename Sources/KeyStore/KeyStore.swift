import AWSClient
import AWSConfigFiles
import Foundation
import MFAGuardConsole

/// One profile's long-term access key as a key store holds it.
public struct StoredKey: Sendable, Equatable {
    /// The profile the key belongs to (as in `~/.aws/config`).
    public var profile: String
    /// The access key ID (`AKIA…`); not secret, shown by `keys list`.
    public var accessKeyId: String
    /// The secret access key; never printed.
    public var secretAccessKey: String
    /// When the key was put in the store.
    public var addedAt: Date

    /// A key for `profile`.
    public init(profile: String, accessKeyId: String, secretAccessKey: String, addedAt: Date) {
        self.profile = profile
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.addedAt = addedAt
    }

    /// The key as credentials for the resolver.
    public var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyId, secretAccessKey: secretAccessKey)
    }
}

/// Where long-term keys live instead of `~/.aws/credentials` (`mfaguard keys`).
public protocol KeyStore: Sendable {
    /// Whether the store holds a key for `profile`, answered without a passphrase.
    func holds(_ profile: String) throws -> Bool
    /// The key of `profile`, nil when there is none.
    func get(_ profile: String) throws -> StoredKey?
    /// Adds `key`, replacing any key of the same profile.
    func put(_ key: StoredKey) throws
    /// Removes the key of `profile`; false when there was none.
    @discardableResult func remove(_ profile: String) throws -> Bool
    /// Every key, ordered by profile.
    func list() throws -> [StoredKey]
}

/// A key store that cannot do what was asked: one line for the user, exit 2.
public struct KeyStoreError: Error, CustomStringConvertible, Sendable, Equatable, UserFacingError {
    /// The line for the user.
    public let description: String
    /// A failure with `description`.
    public init(_ description: String) { self.description = description }
    /// Input errors (exit 2): a wrong passphrase, a damaged store, a bad profile name.
    public var failureKind: MFAGuardFailure.Kind { .input }
}

/// Which store a command uses: `--store`, else `MFAGUARD_STORE`, else the profile's (then `[default]`'s)
/// `mfaguard_store`, else `file`.
public enum KeyStoreSelection {
    /// The backends this build has.
    public static let backends = ["file"]

    /// The backend's name, checked.
    /// - Throws: `KeyStoreError` for a name that is not one of `backends`.
    public static func backend(
        flag: String?, environment: AWSEnvironment, config: SharedConfig?, profile: String?
    ) throws(KeyStoreError) -> String {
        let fromConfig =
            profile.flatMap { config?.value("mfaguard_store", in: $0) }
            ?? config?.value("mfaguard_store", in: "default")
        let (origin, name) =
            if let flag { ("--store", flag) } else if let variable = environment["MFAGUARD_STORE"], !variable.isEmpty {
                ("MFAGUARD_STORE", variable)
            } else if let fromConfig, !fromConfig.isEmpty { ("mfaguard_store", fromConfig) } else {
                ("default", "file")
            }
        guard backends.contains(name) else {
            throw KeyStoreError(
                "\(origin) '\(TerminalText.sanitized(name))' is not a key store this build has (one of: "
                    + backends.joined(separator: ", ") + ")")
        }
        return name
    }

    /// The store named by `backend` for `environment`.
    public static func store(
        _ backend: String, environment: AWSEnvironment, passphrase: PassphraseSource = .standard
    ) -> any KeyStore {
        FileKeyStore(path: FileKeyStore.defaultPath(environment), passphrase: passphrase, environment: environment)
    }

    /// Checks a profile name for a store: not empty, no control characters or tabs.
    public static func validate(profile: String) throws(KeyStoreError) {
        guard !profile.isEmpty, !profile.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
        else { throw KeyStoreError("'\(TerminalText.sanitized(profile))' is not a profile name") }
    }
}

/// The resolver's view of the store: the keys of profiles it holds, read once per process.
public final class KeyStoreKeySource: LongTermKeySource, @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: StoredKey] = [:]
    private let make: @Sendable (AWSEnvironment, String) throws -> any KeyStore

    /// A source over the store `make` opens for an environment and profile.
    public init(make: @escaping @Sendable (AWSEnvironment, String) throws -> any KeyStore) { self.make = make }

    /// The store `KeyStoreSelection` picks for the profile (`MFAGUARD_STORE`, `mfaguard_store`, `file`).
    public static let standard = KeyStoreKeySource { environment, profile in
        let config = try? SharedConfig(environment: environment)
        let backend = try KeyStoreSelection.backend(
            flag: nil, environment: environment, config: config, profile: profile)
        return KeyStoreSelection.store(backend, environment: environment)
    }

    /// The stored key of `profile`; nil (without a question) when the store does not hold it.
    public func longTermKeys(for profile: String, environment: AWSEnvironment) throws -> AWSCredentials? {
        lock.lock()
        defer { lock.unlock() }
        if let key = cache[profile] { return key.credentials }
        let store = try make(environment, profile)
        guard try store.holds(profile), let key = try store.get(profile) else { return nil }
        cache[profile] = key
        return key.credentials
    }
}
