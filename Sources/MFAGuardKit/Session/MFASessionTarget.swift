import AWSClient
import AWSConfigFiles
import Foundation

/// What an MFA session is made from: the long-term source credentials, the MFA device, and for a
/// role session the role. Resolved from a profile without ever running mfaguard itself.
///
/// - A profile with keys (or `source_profile` and no `role_arn`, or `credential_process` that is not
///   mfaguard) → `GetSessionToken`.
/// - A profile with `role_arn` and `source_profile` (or `credential_source = Environment`), or any
///   profile with `--role-arn` → `AssumeRole` with MFA from the source's keys.
public struct MFASessionTarget: Sendable {
    /// The profile the command runs with (`--profile`, `AWS_PROFILE`, else `default`).
    public var profile: String
    /// The profile whose keys are used, `nil` when they come from the environment.
    public var sourceProfile: String?
    /// The keys the STS call signs with: the source profile's long-term keys, or the environment's.
    public var source: AWSCredentials
    /// The device: the profile's `mfa_serial`, else its source profile's; `nil` when neither has one.
    public var mfaSerial: String?
    /// The role to assume with MFA: `--role-arn`, else the profile's `role_arn`; nil for `GetSessionToken`.
    public var roleARN: String?
    /// The profile's `role_session_name`; nil: `mfaguard-UNIXTIME`.
    public var roleSessionName: String?
    /// The profile's `external_id`, passed to `AssumeRole` as `ExternalId`.
    public var externalID: String?
    /// The profile's `duration_seconds`.
    public var durationSeconds: Int?
    /// The profile's `mfa_process` (a command printing the current code).
    public var mfaProcess: String?

    /// The target for the command's profile, read through the one credential chain (`credentials`:
    /// the environment's keys, a profile's static keys and `credential_process` follow its rules, so
    /// `session` and `whoami` agree on them). What is particular to MFA sessions is which keys are the
    /// source: a role profile's `source_profile` (or `credential_source = Environment`) gives them, and
    /// the role is assumed here, with the code, instead of by the chain.
    public static func resolve(roleARN: String?, credentials: CredentialResolver) throws -> MFASessionTarget {
        let profile = credentials.profileName
        let config = credentials.config
        func value(_ key: String, _ profile: String) -> String? { credentials.value(key, profile) }
        guard config.profile(profile) != nil else {
            if !credentials.profileIsExplicit, profile == "default",
                let envKeys = try credentials.environmentCredentials()
            {
                return MFASessionTarget(profile: profile, sourceProfile: nil, source: envKeys, roleARN: roleARN)
            }
            throw ConfigError.profileNotFound(
                profile, configPath: config.configPath, credentialsPath: config.credentialsPath)
        }
        var target = MFASessionTarget(
            profile: profile, sourceProfile: profile, source: AWSCredentials(accessKeyID: "", secretAccessKey: ""))
        let profileRole = value("role_arn", profile)
        let sourceProfile = value("source_profile", profile)
        // As in the chain, the environment's keys come first unless --profile named the profile; a role
        // profile is the exception: the session is that role's, made from its source's keys.
        if !credentials.profileIsExplicit, profileRole == nil, let envKeys = try credentials.environmentCredentials() {
            target.sourceProfile = nil
            target.source = envKeys
        } else if profileRole != nil, let credentialSource = value("credential_source", profile) {
            guard credentialSource == "Environment", let envKeys = try credentials.environmentCredentials() else {
                throw SessionError.profile(
                    profile,
                    message: "credential_source '\(credentialSource)' needs AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY (only Environment is supported)")
            }
            target.sourceProfile = nil
            target.source = envKeys
        } else if try profileRole != nil || (sourceProfile != nil && credentials.staticCredentials(profile) == nil) {
            guard let sourceProfile else {
                throw SessionError.profile(profile, message: "has role_arn but no source_profile")
            }
            guard config.profile(sourceProfile) != nil else {
                throw SessionError.profile(profile, message: "source_profile '\(sourceProfile)' does not exist")
            }
            if sourceProfile != profile, value("role_arn", sourceProfile) != nil,
                try credentials.staticCredentials(sourceProfile) == nil
            {
                throw SessionError.profile(
                    profile,
                    message: "source_profile '\(sourceProfile)' is itself a role; an MFA session is made "
                        + "from long-term keys, so name the profile that holds them")
            }
            target.sourceProfile = sourceProfile
            target.source = try longTermCredentials(sourceProfile, credentials)
        } else {
            target.source = try longTermCredentials(profile, credentials)
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

    /// Whether `profile` holds both long-term key settings (what `--write-profile` must not overwrite).
    static func staticKeys(_ profile: String, config: SharedConfig) -> AWSCredentials? {
        (try? CredentialResolver.staticCredentials(profile, in: config)) ?? nil
    }

    /// The chain's static keys, else a `credential_process` that is not mfaguard's own.
    static func longTermCredentials(_ profile: String, _ credentials: CredentialResolver) throws -> AWSCredentials {
        if let keys = try credentials.staticCredentials(profile) { return keys }
        if let command = credentials.value("credential_process", profile), invokesMFAGuardCredentialProcess(command) {
            // `--profile Q` on that line names where the keys really are.
            let words = ShellWords.split(command) ?? []
            if let index = words.firstIndex(of: "--profile"), index + 1 < words.count, words[index + 1] != profile {
                throw SessionError.profile(
                    profile, message: "gets its credentials from mfaguard itself; use --profile \(words[index + 1])")
            }
            throw SessionError.selfReference(profile: profile)
        }
        if let keys = try credentials.processCredentials(profile) { return keys }
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
