import AWSConfigFiles
import Foundation

/// Resolves credentials the way the AWS CLI (botocore) does. The one resolver: every command gets it
/// from its `AWSConfiguration`, and the MFA session commands read their source keys through its
/// `environmentCredentials`, `staticCredentials` and `processCredentials`.
///
/// 1. environment keys (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SECURITY_TOKEN` or
///    `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`), unless a
///    profile was named explicitly with `--profile` (botocore drops the environment provider then;
///    `AWS_PROFILE` does not);
/// 2. the profile (`--profile`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, else `default`):
///    `role_arn` with `source_profile` or `credential_source` (AssumeRole, with `mfa_serial`,
///    `external_id`, `role_session_name`, `duration_seconds`), then IAM Identity Center
///    (`sso_account_id` + `sso_role_name`), then static keys, then `credential_process`.
public struct CredentialResolver: Sendable {
    /// Environment keys, `AWS_*` settings, and the clock for session names and expiry.
    public let environment: AWSEnvironment
    /// The shared files whose profiles (and `source_profile` chains) are resolved.
    public let config: SharedConfig
    /// The profile the chain starts from.
    public let profileName: String
    /// True when `--profile` named the profile: the environment's keys and web identity are then skipped.
    public let profileIsExplicit: Bool
    /// Asks for the MFA code when an assumed role's profile has `mfa_serial`.
    public let codeProvider: any MFACodeProvider
    /// Makes the STS client used for AssumeRole from the source credentials (nil: an STS client for
    /// unsigned calls, such as AssumeRoleWithWebIdentity).
    public let stsFactory: @Sendable (AWSCredentials?) -> STS

    /// A resolver over these settings; resolves nothing until asked.
    public init(
        environment: AWSEnvironment, config: SharedConfig, profileName: String, profileIsExplicit: Bool,
        codeProvider: any MFACodeProvider, stsFactory: @escaping @Sendable (AWSCredentials?) -> STS
    ) {
        self.environment = environment
        self.config = config
        self.profileName = profileName
        self.profileIsExplicit = profileIsExplicit
        self.codeProvider = codeProvider
        self.stsFactory = stsFactory
    }

    /// Where the credentials came from, for `whoami` and `--debug`.
    public enum Source: Sendable, Equatable {
        case environment
        case staticProfile(String)
        case process(String)
        case assumedRole(profile: String, roleARN: String)
        /// `AssumeRoleWithWebIdentity` with an OIDC token file (the environment's or a profile's).
        case webIdentity(roleARN: String)
        /// The ECS/EKS container credentials endpoint.
        case container
        /// The EC2 instance metadata service (the instance profile's role).
        case instanceMetadata
        /// IAM Identity Center: the portal's `GetRoleCredentials` with the AWS CLI's cached sign-in token.
        case identityCenter(profile: String, accountID: String, roleName: String)
    }

    /// Resolves the credentials, with where they came from.
    public func resolve() async throws -> (credentials: AWSCredentials, source: Source) {
        if !profileIsExplicit, let credentials = try environmentCredentials() {
            return (credentials, .environment)
        }
        // botocore asks the web identity provider before the shared files: a CI job's OIDC role wins
        // over a [default] profile that happens to be there.
        if !profileIsExplicit, let webIdentity = WebIdentityCredentials.fromEnvironment(environment) {
            return (
                try await webIdentity.resolve(sts: stsFactory(nil), now: environment.now()),
                .webIdentity(roleARN: webIdentity.roleARN)
            )
        }
        let noCredentials = CredentialError(
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a profile in "
                + "\(config.credentialsPath) or \(config.configPath) (or name one with --profile)")
        guard config.profile(profileName) != nil else {
            if profileIsExplicit || profileName != "default" {
                throw ConfigError.profileNotFound(
                    profileName, configPath: config.configPath, credentialsPath: config.credentialsPath)
            }
            return try await platformCredentials(orElse: noCredentials)
        }
        // An implicit [default] that only holds settings (region, output) is "no credentials", as for the AWS CLI.
        let sources = [
            "aws_access_key_id", "aws_secret_access_key", "role_arn", "credential_process", "sso_session",
            "sso_start_url", "sso_account_id", "sso_role_name", "web_identity_token_file",
        ]
        if !profileIsExplicit, profileName == "default", !sources.contains(where: { value($0, profileName) != nil }),
            try LongTermKeySources.current?.longTermKeys(for: profileName, environment: environment) == nil
        {
            return try await platformCredentials(orElse: noCredentials)
        }
        return try await resolve(profile: profileName, visited: [])
    }

    /// The end of botocore's chain, when neither the environment nor the default profile holds
    /// credentials: the container endpoint when the environment names one, else instance metadata.
    private func platformCredentials(orElse noCredentials: CredentialError) async throws -> (
        credentials: AWSCredentials, source: Source
    ) {
        let metadata = MetadataCredentials(environment: environment, config: config, profile: profileName)
        if metadata.containerConfigured { return (try await metadata.container(), .container) }
        guard metadata.instanceMetadataEnabled else { throw noCredentials }
        do {
            return (try await metadata.instanceMetadata(), .instanceMetadata)
        } catch let error as CredentialError {
            // Not on EC2 (the usual case on a laptop): the answer is still "no credentials", with why.
            throw CredentialError(noCredentials.description + "; and \(error.description)")
        }
    }

    /// The environment's keys, read as botocore's `EnvProvider` reads them: only when
    /// `AWS_ACCESS_KEY_ID` is set (a lone `AWS_SECRET_ACCESS_KEY` is ignored), then the secret is
    /// required; the token is `AWS_SECURITY_TOKEN`, else `AWS_SESSION_TOKEN`; `AWS_CREDENTIAL_EXPIRATION`
    /// must be a time, and one that has passed is an error (botocore: "still expired").
    public func environmentCredentials() throws -> AWSCredentials? {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"] else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw CredentialError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        var expiration: Date?
        if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
            guard let date = HTTPDate.parseISO8601(text) else {
                throw CredentialError(
                    "AWS_CREDENTIAL_EXPIRATION '\(TerminalText.sanitized(text))' is not a date and time "
                        + "(ISO 8601, e.g. 2026-12-02T10:00:00Z)")
            }
            guard date > environment.now() else {
                throw CredentialError(
                    "the credentials in the environment expired at \(HTTPDate.iso8601(date)) "
                        + "(AWS_CREDENTIAL_EXPIRATION): export new ones")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret,
            sessionToken: environment["AWS_SECURITY_TOKEN"] ?? environment["AWS_SESSION_TOKEN"],
            expiration: expiration)
    }

    /// A profile's setting; an empty value counts as unset (as in botocore's providers).
    public func value(_ key: String, _ profile: String) -> String? {
        guard let value = config.value(key, in: profile), !value.isEmpty else { return nil }
        return value
    }

    /// A profile's `aws_access_key_id` and `aws_secret_access_key` (with `aws_session_token`, else
    /// `aws_security_token`); nil without either, an error with only one (botocore's partial credentials).
    /// A profile without keys in the files gets them from the installed `LongTermKeySource` (the key
    /// store), when it holds some for the profile.
    public func staticCredentials(_ profile: String) throws -> AWSCredentials? {
        if let keys = try Self.staticCredentials(profile, in: config) { return keys }
        return try LongTermKeySources.current?.longTermKeys(for: profile, environment: environment)
    }

    /// `staticCredentials(_:)` for a profile of `config`.
    public static func staticCredentials(_ profile: String, in config: SharedConfig) throws -> AWSCredentials? {
        func value(_ key: String) -> String? {
            guard let value = config.value(key, in: profile), !value.isEmpty else { return nil }
            return value
        }
        switch (value("aws_access_key_id"), value("aws_secret_access_key")) {
        case (nil, nil): return nil
        case (.some(let keyID), .some(let secret)):
            return AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret,
                sessionToken: value("aws_session_token") ?? value("aws_security_token"))
        default:
            throw ConfigError.invalidProfile(
                profile: profile, message: "has only one of aws_access_key_id and aws_secret_access_key")
        }
    }

    /// A profile's `credential_process`, run (botocore's `ProcessProvider`); nil when it has none.
    public func processCredentials(_ profile: String) throws -> AWSCredentials? {
        guard let command = value("credential_process", profile) else { return nil }
        return try CredentialProcess.run(command, profile: profile, environment: environment)
    }

    private func resolve(profile: String, visited: [String]) async throws -> (
        credentials: AWSCredentials, source: Source
    ) {
        guard config.profile(profile) != nil else {
            let referrer = visited.last.map { " (source_profile of '\($0)')" } ?? ""
            throw ConfigError.profileNotFound(
                profile + referrer, configPath: config.configPath, credentialsPath: config.credentialsPath)
        }
        if let roleARN = value("role_arn", profile), let tokenFile = value("web_identity_token_file", profile) {
            let duration = value("duration_seconds", profile).flatMap(Int.init)
            let webIdentity = WebIdentityCredentials(
                roleARN: roleARN, tokenFile: environment.expand(tokenFile),
                sessionName: value("role_session_name", profile), durationSeconds: duration,
                origin: "profile \(profile)")
            return (
                try await webIdentity.resolve(sts: stsFactory(nil), now: environment.now()),
                .webIdentity(roleARN: roleARN)
            )
        }
        if let roleARN = value("role_arn", profile) {
            return (
                try await assumeRole(roleARN, profile: profile, visited: visited + [profile]),
                .assumedRole(profile: profile, roleARN: roleARN)
            )
        }
        return try await nonRoleCredentials(profile)
    }

    /// IAM Identity Center, static keys, then `credential_process` (botocore's order), then a clear
    /// refusal naming what is missing.
    private func nonRoleCredentials(_ profile: String) async throws -> (credentials: AWSCredentials, source: Source) {
        if let identityCenter = try IdentityCenterCredentials.fromProfile(profile, config: config) {
            // The portal call goes unsigned through the session's transport, like AssumeRoleWithWebIdentity.
            return (
                try await identityCenter.resolve(client: stsFactory(nil).client, environment: environment),
                .identityCenter(
                    profile: profile, accountID: identityCenter.accountID, roleName: identityCenter.roleName)
            )
        }
        if let credentials = try staticCredentials(profile) { return (credentials, .staticProfile(profile)) }
        if let credentials = try processCredentials(profile) { return (credentials, .process(profile)) }
        if value("sso_session", profile) != nil || value("sso_start_url", profile) != nil {
            throw ConfigError.invalidProfile(
                profile: profile,
                message: "names an IAM Identity Center sign-in (sso_session or sso_start_url) but no "
                    + "sso_account_id and sso_role_name to get credentials for")
        }
        if value("web_identity_token_file", profile) != nil {
            throw ConfigError.invalidProfile(profile: profile, message: "has web_identity_token_file but no role_arn")
        }
        throw ConfigError.invalidProfile(profile: profile, message: "has no credentials")
    }

    private func assumeRole(_ roleARN: String, profile: String, visited: [String]) async throws -> AWSCredentials {
        let sourceProfile = value("source_profile", profile)
        let credentialSource = value("credential_source", profile)
        let source: AWSCredentials
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw ConfigError.invalidProfile(
                profile: profile, message: "has both source_profile and credential_source; keep one")
        case (nil, nil):
            throw ConfigError.invalidProfile(
                profile: profile, message: "has role_arn but neither source_profile nor credential_source")
        case (nil, .some(let credentialSource)):
            let metadata = MetadataCredentials(environment: environment, config: config, profile: profile)
            switch credentialSource {
            case "Environment":
                guard let credentials = try environmentCredentials() else {
                    throw CredentialError(
                        "profile '\(profile)' takes its source credentials from the environment, but "
                            + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set")
                }
                source = credentials
            case "EcsContainer":
                guard metadata.containerConfigured else {
                    throw CredentialError(
                        "profile '\(profile)' takes its source credentials from the container, but neither "
                            + "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
                }
                source = try await metadata.container()
            case "Ec2InstanceMetadata":
                source = try await metadata.instanceMetadata()
            default:
                throw ConfigError.invalidProfile(
                    profile: profile,
                    message: "credential_source '\(credentialSource)' is not one of Environment, EcsContainer, "
                        + "Ec2InstanceMetadata")
            }
        case (.some(let sourceProfile), nil):
            guard config.profile(sourceProfile) != nil else {
                throw ConfigError.invalidProfile(
                    profile: profile, message: "source_profile '\(sourceProfile)' does not exist")
            }
            // botocore: a source profile with static keys, or without a role, goes through the profile
            // providers (Identity Center first, then the keys), even if it also names a role (that is how
            // a profile can be its own source); otherwise its role is assumed in turn.
            if try staticCredentials(sourceProfile) != nil || value("role_arn", sourceProfile) == nil {
                source = try await nonRoleCredentials(sourceProfile).credentials
            } else {
                guard !visited.contains(sourceProfile) else {
                    throw ConfigError.invalidProfile(
                        profile: profile,
                        message: "source_profile chain loops: \((visited + [sourceProfile]).joined(separator: " → "))")
                }
                source = try await resolve(profile: sourceProfile, visited: visited).credentials
            }
        }
        var serial: String?
        var code: String?
        if let mfaSerial = value("mfa_serial", profile) {
            serial = mfaSerial
            code = try await codeProvider.code(serialNumber: mfaSerial, profile: profile)
        }
        var duration: Int?
        if let text = value("duration_seconds", profile) {
            guard let seconds = Int(text), seconds >= 900 else {
                throw ConfigError.invalidProfile(
                    profile: profile, message: "duration_seconds must be a number of seconds of at least 900")
            }
            duration = seconds
        }
        let sessionName =
            value("role_session_name", profile) ?? "mfaguard-\(Int(environment.now().timeIntervalSince1970))"
        let assumed = try await stsFactory(source).assumeRole(
            roleARN: roleARN, sessionName: sessionName, durationSeconds: duration,
            externalID: value("external_id", profile), serialNumber: serial, tokenCode: code)
        return assumed.credentials
    }
}

/// Caches resolved credentials and resolves again shortly before temporary ones expire. Concurrent
/// requests wait for one resolution (so one MFA prompt, one AssumeRole).
public actor CachingCredentialsProvider: CredentialsProvider {
    /// Credentials together with the source that produced them.
    public typealias Resolved = (credentials: AWSCredentials, source: CredentialResolver.Source)
    private let resolve: @Sendable () async throws -> Resolved
    private let now: @Sendable () -> Date
    private let refreshMargin: TimeInterval
    private var cached: Resolved?
    private var inFlight: Task<Resolved, any Error>?

    /// Caches `resolver`'s chain; `refreshMargin` seconds before expiry the next request resolves again.
    public init(resolver: CredentialResolver, refreshMargin: TimeInterval = 300) {
        self.init(refreshMargin: refreshMargin, now: resolver.environment.now) { try await resolver.resolve() }
    }

    /// Caches what `resolve` returns (an AssumeRole into another account, for example).
    public init(
        refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date,
        resolve: @escaping @Sendable () async throws -> Resolved
    ) {
        self.resolve = resolve
        self.now = now
        self.refreshMargin = refreshMargin
    }

    /// The cached credentials, resolved first (once, for all waiting callers) when missing or about to expire.
    public func credentials() async throws -> AWSCredentials { try await resolved().credentials }

    /// The credentials and where they came from.
    public func resolved() async throws -> (credentials: AWSCredentials, source: CredentialResolver.Source) {
        if let cached, !cached.credentials.expires(within: refreshMargin, of: now()) {
            return cached
        }
        if let inFlight { return try await inFlight.value }
        let resolve = self.resolve
        let task = Task { try await resolve() }
        inFlight = task
        defer { inFlight = nil }
        let value = try await task.value
        cached = value
        return value
    }
}
