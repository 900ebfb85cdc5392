import Foundation

/// The profiles of `~/.aws/config` and `~/.aws/credentials`, merged the way botocore merges them:
/// `[profile NAME]` (and `[default]`) in config, `[NAME]` in credentials, and for a profile in both,
/// the credentials file's values win. `sso-session` and `services` sections are read but are not profiles.
public struct SharedConfig: Sendable {
    public typealias Profile = [String: INIFile.Value]

    public let configPath: String
    public let credentialsPath: String
    public private(set) var profiles: [String: Profile] = [:]
    public private(set) var ssoSessions: [String: Profile] = [:]
    public private(set) var services: [String: Profile] = [:]

    /// Reads both files from the paths `environment` names; a missing file is an empty one.
    public init(environment: AWSEnvironment) throws(ConfigError) {
        let configPath = environment.configFilePath
        let credentialsPath = environment.credentialsFilePath
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

    static func read(_ path: String) throws(ConfigError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        // FileHandle also reads character devices such as /dev/null (AWS_CONFIG_FILE=/dev/null is common).
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw ConfigError.unreadable(path: path, reason: Self.reasonForUnreadable(path))
        }
        try? handle.close()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    private static func reasonForUnreadable(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a directory"
        }
        return FileManager.default.isReadableFile(atPath: path) ? "read failed" : "permission denied"
    }

    /// The second word of a header like `profile NAME`, split the way Python's `shlex.split` does
    /// (so `[profile "my name"]` is the profile `my name`); `nil` unless there are exactly two words.
    static func sectionArgument(_ header: String) -> String? {
        guard let words = ShellWords.split(header), words.count == 2 else { return nil }
        return words[1]
    }
}
