/// Problems with the shared config and credentials files, and with profiles in them.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not valid (botocore would refuse it too).
    case syntax(path: String, line: Int, message: String)
    /// The file exists but cannot be read or written.
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// The named profile is in neither file.
    case profileNotFound(String, configPath: String, credentialsPath: String)
    /// The profile exists but says something we cannot use.
    case invalidProfile(profile: String, message: String)
    /// A value, key or profile name holds a control character (a line break would add lines of its own
    /// to the file: a `credential_process` the AWS CLI runs, a duplicate section). `field` names it.
    case controlCharacter(path: String, field: String, scalar: UInt32)
    /// A profile or key name that the file format cannot hold as one name.
    case invalidName(path: String, field: String, name: String)
    /// The target file is read-only (`force` overrides this for the file's owner).
    case readOnly(path: String, mode: UInt32, ownerUID: UInt32?)
    /// The profile holds long-term keys (`aws_access_key_id` without `aws_session_token`).
    case holdsLongTermKeys(profile: String, path: String)
    /// Another process holds the file's lock for too long.
    case locked(path: String, reason: String)
    /// A proxy variable (`https_proxy`, …) that cannot be used.
    case invalidProxy(variable: String, message: String)

    /// One line naming the file or profile (never a value from the file: it may be a secret).
    public var description: String {
        switch self {
        case .syntax(let path, let line, let message): "\(path):\(line): \(message)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        case .profileNotFound(let name, let configPath, let credentialsPath):
            "profile '\(name)' not found in \(configPath) or \(credentialsPath)"
        case .invalidProfile(let profile, let message): "profile '\(profile)': \(message)"
        case .invalidProxy(let variable, let message): "\(variable): \(message)"
        case .controlCharacter(let path, let field, let scalar):
            "refusing to write \(path): \(field) contains a control character (U+\(Self.hex(scalar))); "
                + "nothing was written"
        case .invalidName(let path, let field, let name):
            "refusing to write \(path): '\(name)' cannot be \(field)"
        case .readOnly(let path, let mode, let owner):
            if let owner {
                "\(path) is read-only (mode \(String(mode, radix: 8))) and belongs to uid \(owner), not to you; "
                    + "nothing was written"
            } else {
                "\(path) is read-only (mode \(String(mode, radix: 8))); nothing was written: make it writable "
                    + "(chmod u+w) or pass --force to replace it anyway (it stays read-only)"
            }
        case .holdsLongTermKeys(let profile, let path):
            "profile '\(profile)' in \(path) holds long-term keys (aws_access_key_id without "
                + "aws_session_token); writing a session there would destroy them"
        case .locked(_, let reason): reason
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
