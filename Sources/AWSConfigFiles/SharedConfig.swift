import Foundation
import LocalFiles

/// The profiles of `~/.aws/config` and `~/.aws/credentials`, merged the way botocore merges them:
/// `[profile NAME]` (and `[default]`) in config, `[NAME]` in credentials, and for a profile in both,
/// the credentials file's values win. `sso-session` and `services` sections are read but are not profiles.
///
/// Where the files are (`AWS_CONFIG_FILE`, `~`) is the service client's business: `AWSClient` reads
/// them through `SharedConfig(environment:)`; this type only parses and merges.
public struct SharedConfig: Sendable {
    /// A profile's settings, option names lower-cased.
    public typealias Profile = [String: INIFile.Value]

    /// The config file's path (for messages and for writers of the same file).
    public let configPath: String
    /// The credentials file's path.
    public let credentialsPath: String
    /// Every profile of either file, by name.
    public private(set) var profiles: [String: Profile] = [:]
    /// The `[sso-session NAME]` sections of the config file.
    public private(set) var ssoSessions: [String: Profile] = [:]
    /// The `[services NAME]` sections of the config file (per-service endpoint settings).
    public private(set) var services: [String: Profile] = [:]

    /// Reads both files; a missing file is an empty one.
    public init(configPath: String, credentialsPath: String) throws(ConfigError) {
        try self.init(
            configText: Self.read(configPath), configPath: configPath,
            credentialsText: Self.read(credentialsPath), credentialsPath: credentialsPath)
    }

    /// Builds the merged view from the two files' texts (`nil` for a missing file).
    public init(configText: String?, configPath: String, credentialsText: String?, credentialsPath: String)
        throws(ConfigError)
    {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        if let configText {
            let file = try INIFile(parsing: configText, path: configPath)
            // botocore.configloader.build_profile_map
            for (name, values) in file.sectionValues {
                if name.hasPrefix("profile") {
                    if let profile = Self.sectionArgument(name) { profiles[profile] = values }
                } else if name.hasPrefix("sso-session") {
                    if let session = Self.sectionArgument(name) { ssoSessions[session] = values }
                } else if name.hasPrefix("services") {
                    if let service = Self.sectionArgument(name) { services[service] = values }
                } else if name == "default" {
                    profiles[name] = values
                }
            }
        }
        if let credentialsText {
            let file = try INIFile(parsing: credentialsText, path: credentialsPath)
            for (name, values) in file.sectionValues {
                profiles[name, default: [:]].merge(values) { _, credentials in credentials }
            }
        }
    }

    /// The profile called `name`, if either file defines it.
    public func profile(_ name: String) -> Profile? { profiles[name] }

    /// A string setting of a profile (nested sub-sections are not strings).
    public func value(_ key: String, in profile: String) -> String? { profiles[profile]?[key]?.string }

    /// The most a shared config or credentials file may hold; far above any real one, it stops
    /// `AWS_CONFIG_FILE=/dev/zero` from filling the memory.
    static let sizeLimit = 1 << 20

    /// The text of a shared file, nil when it does not exist. A regular file of at most `sizeLimit`
    /// bytes, or `/dev/null` (read as empty: `AWS_CONFIG_FILE=/dev/null` is common); a FIFO, a socket or
    /// another device is refused rather than read (a FIFO without a writer would hang every command).
    static func read(_ path: String) throws(ConfigError) -> String? {
        let bytes: [UInt8]?
        do { bytes = try FileReader.contentsIfPresent(of: path, limit: sizeLimit, accepting: .regularFiles) } catch {
            let prefix = "cannot read \(path): "
            let reason =
                error.description.hasPrefix(prefix)
                ? String(error.description.dropFirst(prefix.count)) : error.description
            throw ConfigError.unreadable(path: path, reason: reason)
        }
        guard let bytes else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// The second word of a header like `profile NAME`, split the way Python's `shlex.split` does
    /// (so `[profile "my name"]` is the profile `my name`); `nil` unless there are exactly two words.
    static func sectionArgument(_ header: String) -> String? {
        guard let words = ShellWords.split(header), words.count == 2 else { return nil }
        return words[1]
    }
}
