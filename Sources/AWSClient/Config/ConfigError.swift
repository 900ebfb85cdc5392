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
    /// A proxy variable (`https_proxy`, …) that cannot be used.
    case invalidProxy(variable: String, message: String)

    public var description: String {
        switch self {
        case .syntax(let path, let line, let message): "\(path):\(line): \(message)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        case .profileNotFound(let name, let configPath, let credentialsPath):
            "profile '\(name)' not found in \(configPath) or \(credentialsPath)"
        case .invalidProfile(let profile, let message): "profile '\(profile)': \(message)"
        case .invalidProxy(let variable, let message): "\(variable): \(message)"
        }
    }
}
