import AWSConfigFiles
import Foundation

/// A place other than the shared credentials file that holds a profile's long-term keys (mfaguard's key
/// store, `mfaguard keys`). The resolver asks it, for a profile whose files hold no
/// `aws_access_key_id`/`aws_secret_access_key`, before anything else in that profile (so a profile whose
/// `credential_process` is mfaguard's own gets its source keys here, without running itself).
public protocol LongTermKeySource: Sendable {
    /// The long-term keys stored for `profile`, or nil when this source holds none for it. Must be cheap
    /// when it holds none (no question on the terminal then).
    /// - Throws: when the source holds keys for `profile` but cannot give them (a wrong passphrase, a
    ///   locked keyring); the error is the one the command ends with.
    func longTermKeys(for profile: String, environment: AWSEnvironment) throws -> AWSCredentials?
}

/// The key source of this process, installed once by the executable at start (nil: the files only).
public enum LongTermKeySources {
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var source: (any LongTermKeySource)?
    }
    private static let slot = Slot()

    /// The installed source, if any.
    public static var current: (any LongTermKeySource)? {
        slot.lock.lock()
        defer { slot.lock.unlock() }
        return slot.source
    }

    /// Installs `source` for every resolver of this process (nil removes it).
    public static func install(_ source: (any LongTermKeySource)?) {
        slot.lock.lock()
        defer { slot.lock.unlock() }
        slot.source = source
    }
}
