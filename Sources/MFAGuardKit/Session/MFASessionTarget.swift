import AWSClient
import Foundation

/// What an MFA session is made from: the long-term source credentials, the MFA device, and for a
/// role session the role. Resolved from a profile without ever running mfaguard itself.
///
/// - A profile with keys (or `source_profile` and no `role_arn`, or `credential_process` that is not
///   mfaguard) → `GetSessionToken`.
/// - A profile with `role_arn` and `source_profile` (or `credential_source = Environment`), or any
///   profile with `--role-arn` → `AssumeRole` with MFA from the source's keys.
public struct MFASessionTarget: Sendable {
    public var profile: String
    /// The profile whose keys are used, `nil` when they come from the environment.
    public var sourceProfile: String?
    public var source: AWSCredentials
    /// The device: the profile's `mfa_serial`, else its source profile's; `nil` when neither has one.
    public var mfaSerial: String?
    public var roleARN: String?
    public var roleSessionName: String?
    public var externalID: String?
    /// The profile's `duration_seconds`.
    public var durationSeconds: Int?
    /// The profile's `mfa_process` (a command printing the current code).
    public var mfaProcess: String?

    /// Resolves `profile` in `config`. `profileIsExplicit` is false when the profile is only the default
    /// one, so environment keys win as in the AWS CLI.
    public static func resolve(
        profile: String, profileIsExplicit: Bool, roleARN: String?, config: SharedConfig, environment: AWSEnvironment
    ) throws -> MFASessionTarget {
        func value(_ key: String, _ profile: String) -> String? {
            guard let value = config.value(key, in: profile), !value.isEmpty else { return nil }
            return value
        }
        let envKeys = try Self.environmentCredentials(environment)
        guard config.profile(profile) != nil else {
            if !profileIsExplicit, profile == "default", let envKeys {
                return MFASessionTarget(profile: profile, sourceProfile: nil, source: envKeys, roleARN: roleARN)
            }
            throw ConfigError.profileNotFound(
                profile, configPath: config.configPath, credentialsPath: config.credentialsPath)
        }
        var target = MFASessionTarget(
            profile: profile, sourceProfile: profile, source: AWSCredentials(accessKeyID: "", secretAccessKey: ""))
        let profileRole = value("role_arn", profile)
        let sourceProfile = value("source_profile", profile)
        if !profileIsExplicit, let envKeys, profileRole == nil {
            target.sourceProfile = nil
            target.source = envKeys
        } else if profileRole != nil, let credentialSource = value("credential_source", profile) {
            guard credentialSource == "Environment", let envKeys else {
                throw SessionError.profile(
                    profile,
                    message: "credential_source '\(credentialSource)' needs AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY (only Environment is supported)")
            }
            target.sourceProfile = nil
            target.source = envKeys
        } else if profileRole != nil || (sourceProfile != nil && staticKeys(profile, config: config) == nil) {
            guard let sourceProfile else {
                throw SessionError.profile(profile, message: "has role_arn but no source_profile")
            }
            guard config.profile(sourceProfile) != nil else {
                throw SessionError.profile(profile, message: "source_profile '\(sourceProfile)' does not exist")
            }
            if sourceProfile != profile, value("role_arn", sourceProfile) != nil,
                staticKeys(sourceProfile, config: config) == nil
            {
                throw SessionError.profile(
                    profile,
                    message: "source_profile '\(sourceProfile)' is itself a role; an MFA session is made "
                        + "from long-term keys, so name the profile that holds them")
            }
            target.sourceProfile = sourceProfile
            target.source = try longTermCredentials(sourceProfile, config: config, environment: environment)
        } else {
            target.source = try longTermCredentials(profile, config: config, environment: environment)
        }
        target.roleARN = roleARN ?? profileRole
        let sourceName = target.sourceProfile
        target.mfaSerial = value("mfa_serial", profile) ?? sourceName.flatMap { value("mfa_serial", $0) }
        target.mfaProcess = value("mfa_process", profile) ?? sourceName.flatMap { value("mfa_process", $0) }
        target.roleSessionName = value("role_session_name", profile)
        target.externalID = value("external_id", profile)
        if let text = value("duration_seconds", profile) {
            guard let seconds = Int(text), seconds > 0 else {
                throw SessionError.profile(profile, message: "duration_seconds '\(text)' is not a number of seconds")
            }
            target.durationSeconds = seconds
        }
        return target
    }

    init(profile: String, sourceProfile: String?, source: AWSCredentials, roleARN: String? = nil) {
        self.profile = profile
        self.sourceProfile = sourceProfile
        self.source = source
        self.roleARN = roleARN
    }

    static func environmentCredentials(_ environment: AWSEnvironment) throws -> AWSCredentials? {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            return nil
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }

    static func staticKeys(_ profile: String, config: SharedConfig) -> AWSCredentials? {
        guard let keyID = config.value("aws_access_key_id", in: profile), !keyID.isEmpty,
            let secret = config.value("aws_secret_access_key", in: profile), !secret.isEmpty
        else { return nil }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: config.value("aws_session_token", in: profile))
    }

    /// Static keys, else a `credential_process` that is not mfaguard's own.
    static func longTermCredentials(_ profile: String, config: SharedConfig, environment: AWSEnvironment) throws
        -> AWSCredentials
    {
        if let keys = staticKeys(profile, config: config) { return keys }
        if let command = config.value("credential_process", in: profile), !command.isEmpty {
            if invokesMFAGuardCredentialProcess(command) {
                // `--profile Q` on that line names where the keys really are.
                let words = ShellWords.split(command) ?? []
                if let index = words.firstIndex(of: "--profile"), index + 1 < words.count, words[index + 1] != profile {
                    throw SessionError.profile(
                        profile, message: "gets its credentials from mfaguard itself; use --profile \(words[index + 1])"
                    )
                }
                throw SessionError.selfReference(profile: profile)
            }
            return try CredentialProcess.run(command, profile: profile, environment: environment)
        }
        throw SessionError.profile(
            profile,
            message: "has no long-term keys (aws_access_key_id and aws_secret_access_key) to make an MFA "
                + "session from")
    }

    /// Whether a `credential_process` line runs `mfaguard credential-process` (any path to mfaguard).
    public static func invokesMFAGuardCredentialProcess(_ command: String) -> Bool {
        guard let words = ShellWords.split(command), let program = words.first else { return false }
        return (program as NSString).lastPathComponent.hasPrefix("mfaguard") && words.contains("credential-process")
    }

    /// The operation the session needs, for messages and duration limits.
    public var operation: String { roleARN == nil ? "GetSessionToken" : "AssumeRole" }
}
