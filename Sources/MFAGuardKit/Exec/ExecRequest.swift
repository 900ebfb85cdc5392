import AWSClient
import Foundation
import Logging

/// What `mfaguard exec PROFILE -- COMMAND` runs the command with: the profile's MFA session, got exactly
/// as `mfaguard session` gets it (the same code sources, the same shared session cache, AssumeRole
/// for a role profile), or with `noSession` the profile's own credentials; and the child's environment.
public struct ExecRequest: Sendable {
    /// The environment variable that marks a process started by `mfaguard exec` (its value: the profile).
    public static let profileVariable = "MFAGUARD_PROFILE"

    /// Profile, region and endpoint.
    public var options: SessionOptions
    /// Where the session setup logs.
    public var logger: Logger
    /// Session length (`8h`, `90m`, seconds); `nil`: reuse a cached session, else STS's default.
    public var duration: String?
    /// The current MFA code (`--code`).
    public var code: String?
    /// A command printing the current code (`--code-command`).
    public var codeCommand: String?
    /// Pass the profile's credentials unchanged instead of an MFA session (a role is still assumed, with a code).
    public var noSession = false

    /// A request for the profile `options` names.
    public init(options: SessionOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// The credentials the command gets, and for how long.
    public struct Grant: Sendable {
        /// The keys (and token) for the child.
        public var credentials: AWSCredentials
        /// When they expire; nil for long-term keys (`noSession`).
        public var expiration: Date?
        /// The region for the child: `--region`, else the profile's `region`; nil when neither says.
        public var region: String?
        /// The profile the credentials are for.
        public var profile: String
    }

    /// Resolves the profile and gets its credentials: from the cache while they last (unless `duration`
    /// asks for a new session of that length), else with one code and one STS call.
    public func grant() async throws -> Grant {
        let setup = try SessionSetup(options: options, logger: logger)
        let target = try setup.target(roleARN: nil)
        let region =
            options.region.flatMap { $0.isEmpty ? nil : $0 }
            ?? setup.config.value("region", in: setup.profileName)
        if noSession, target.roleARN == nil {
            return Grant(
                credentials: target.source, expiration: target.source.expiration, region: region,
                profile: setup.profileName)
        }
        let durationSeconds = try duration.map { try SessionDuration.parse($0) }
        let codes = MFACodeSource(
            code: code, command: codeCommand, profileProcess: target.mfaProcess, environment: setup.environment)
        let broker = setup.broker(codes: codes, useCache: true)
        let allowChaining = !noSession && (durationSeconds ?? 0) <= SessionDuration.chainedRoleMaximum
        let session = try await broker.session(
            MFASessionBroker.Request(
                target: target, durationSeconds: durationSeconds, minimumRemaining: 900,
                reuseCached: durationSeconds == nil, allowChaining: allowChaining))
        return Grant(
            credentials: session.credentials, expiration: session.expiration, region: region,
            profile: setup.profileName)
    }

    /// Whether `name` is a variable through which a parent's credentials (or the choice of them) would
    /// reach the child; every one is removed before the grant's are set.
    public static func isCredentialVariable(_ name: String) -> Bool {
        let exact: Set<String> = [
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE", "AWS_CREDENTIAL_EXPIRATION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
            "AWS_ROLE_SESSION_NAME", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
        ]
        return exact.contains(name) || name.hasPrefix("AWS_CONTAINER_")
    }

    /// The child's environment: `parent` without any credential variable, then the grant's keys,
    /// `AWS_CREDENTIAL_EXPIRATION` (ISO 8601), the region (when known) and `MFAGUARD_PROFILE`.
    public static func childEnvironment(_ parent: [String: String], grant: Grant) -> [String: String] {
        var environment = parent.filter { !isCredentialVariable($0.key) }
        environment["AWS_ACCESS_KEY_ID"] = grant.credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = grant.credentials.secretAccessKey
        if let token = grant.credentials.sessionToken, !token.isEmpty { environment["AWS_SESSION_TOKEN"] = token }
        if let expiration = grant.expiration {
            environment["AWS_CREDENTIAL_EXPIRATION"] = HTTPDate.iso8601(expiration)
        }
        if let region = grant.region {
            environment["AWS_REGION"] = region
            environment["AWS_DEFAULT_REGION"] = region
        }
        environment[profileVariable] = grant.profile
        return environment
    }
}
