import AWSConfigFiles
import AWSHTTP
import Foundation
import Logging

/// What the user chose on the command line; `nil` means "use the environment and config files".
public struct SessionOptions: Sendable {
    /// `--profile`; `nil` falls back to `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, then `default`.
    public var profile: String?
    /// `--region`; `nil` or empty falls back to the environment, the profile, then `us-east-1`.
    public var region: String?
    /// `--endpoint-url`: one endpoint for every service.
    public var endpointURL: String?
    /// Requests per second allowed to this session (token bucket); `nil` for no limit.
    public var maxRequestsPerSecond: Double?
    /// Attempts and backoff chosen by the caller; `nil` reads `AWS_MAX_ATTEMPTS`/`max_attempts`.
    public var retry: RetryPolicy?

    /// Options with every setting left to the environment and config files by default.
    public init(
        profile: String? = nil, region: String? = nil, endpointURL: String? = nil, maxRequestsPerSecond: Double? = nil,
        retry: RetryPolicy? = nil
    ) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
        self.maxRequestsPerSecond = maxRequestsPerSecond
        self.retry = retry
    }
}

/// A configured connection to one AWS account, made from an `AWSConfiguration`: the transport (its
/// CA bundle and proxies, its kept-alive connections), the retry policy, the rate limiter, the logger,
/// the credential chain, and the service clients on top. Credentials are resolved at the first request.
/// `client(signingWith:)` and `assumingRole(_:sessionName:)` give clients that sign with other
/// credentials over the same transport and settings.
public struct AWSSession: Sendable {
    /// The settings this session was made from (shared with the sessions `assumingRole` derives).
    public let configuration: AWSConfiguration
    /// The credential chain over the configuration's profile and environment (a session from
    /// `assumingRole` keeps its base's, and signs with the role's credentials instead).
    public let credentialResolver: CredentialResolver
    /// The cached credentials the session's client signs with, resolved at the first request.
    public let credentials: CachingCredentialsProvider
    /// The client for this session's own credentials, with its rate limiter; the service facades use it.
    public let client: ServiceClient
    // Kept for the clients derived from this session (`client(signingWith:)`, `assumingRole`).
    private let transport: any HTTPTransport
    private let rateLimiter: RateLimiter?
    private let logger: Logger

    /// The configuration's environment.
    public var environment: AWSEnvironment { configuration.environment }
    /// The configuration's shared config and credentials files.
    public var config: SharedConfig { configuration.config }
    /// The configuration's profile name.
    public var profileName: String { configuration.profileName }
    /// The configuration's region.
    public var region: String { configuration.region }
    /// The configuration's per-service endpoint overrides.
    public var endpointOverrides: [AWSService: URL] { configuration.endpointOverrides }

    /// IAM over `client`; cheap to make, every access builds a new facade on the same client.
    public var iam: IAM { IAM(client: client) }
    /// STS over `client`; cheap to make, every access builds a new facade on the same client.
    public var sts: STS { STS(client: client) }
    /// Organizations over `client`; cheap to make, every access builds a new facade on the same client.
    public var organizations: Organizations { Organizations(client: client) }

    /// Reads the configuration (`AWSConfiguration`) and makes the session from it.
    public init(
        options: SessionOptions, environment: AWSEnvironment = .current,
        transport: (any HTTPTransport)? = nil, codeProvider: any MFACodeProvider,
        logger: Logger = Logger(label: "mfaguard.aws")
    ) throws {
        try self.init(
            configuration: AWSConfiguration(options: options, environment: environment), transport: transport,
            codeProvider: codeProvider, logger: logger)
    }

    /// A session over `configuration`; `transport` replaces the socket transport it would build (tests).
    public init(
        configuration: AWSConfiguration, transport: (any HTTPTransport)? = nil,
        codeProvider: any MFACodeProvider, logger: Logger = Logger(label: "mfaguard.aws")
    ) {
        self.configuration = configuration
        let transport =
            transport ?? SocketTransport(caBundle: configuration.caBundle, proxies: configuration.proxies)
        self.transport = transport
        self.logger = logger
        rateLimiter = configuration.maxRequestsPerSecond.map { RateLimiter(requestsPerSecond: $0) }
        let stsFactory: @Sendable (AWSCredentials?) -> STS = { source in
            // The chain's own STS calls (AssumeRole, AssumeRoleWithWebIdentity) are not rate-limited:
            // they happen once, before the first limited request.
            STS(
                client: Self.makeClient(
                    configuration,
                    source.map { StaticCredentialsProvider($0) as any CredentialsProvider }
                        ?? UnsignedCallsOnly(), transport: transport, rateLimiter: nil, logger: logger))
        }
        let resolver = configuration.credentialResolver(codeProvider: codeProvider, stsFactory: stsFactory)
        credentialResolver = resolver
        credentials = CachingCredentialsProvider(resolver: resolver)
        client = Self.makeClient(
            configuration, credentials, transport: transport, rateLimiter: rateLimiter, logger: logger)
    }

    private init(deriving base: AWSSession, credentials: CachingCredentialsProvider) {
        configuration = base.configuration
        credentialResolver = base.credentialResolver
        transport = base.transport
        logger = base.logger
        // A rate limiter of its own: IAM's request quota is per account.
        rateLimiter = base.configuration.maxRequestsPerSecond.map { RateLimiter(requestsPerSecond: $0) }
        self.credentials = credentials
        client = Self.makeClient(
            base.configuration, credentials, transport: base.transport, rateLimiter: rateLimiter, logger: base.logger)
    }

    private static func makeClient(
        _ configuration: AWSConfiguration, _ credentials: any CredentialsProvider, transport: any HTTPTransport,
        rateLimiter: RateLimiter?, logger: Logger
    ) -> ServiceClient {
        ServiceClient(
            credentials: credentials, region: configuration.region, endpointOverrides: configuration.endpointOverrides,
            transport: transport, retry: configuration.retry, rateLimiter: rateLimiter, logger: logger,
            now: configuration.environment.now)
    }

    /// A client signing with `credentials` (an MFA session, the keys it is made from) in the same
    /// account: this session's region, endpoints, transport (proxies, CA bundle, kept-alive
    /// connections), retry policy, rate limiter and logger.
    public func client(signingWith credentials: AWSCredentials) -> ServiceClient {
        Self.makeClient(
            configuration, StaticCredentialsProvider(credentials), transport: transport, rateLimiter: rateLimiter,
            logger: logger)
    }

    /// A session acting as `roleARN` (another account's role, typically), assumed with this session's
    /// credentials when the first request needs them and again before they expire; same region,
    /// endpoints, transport (its kept-alive connections) and retry settings.
    public func assumingRole(_ roleARN: String, sessionName: String) -> AWSSession {
        let sts = self.sts
        let profile = profileName
        let provider = CachingCredentialsProvider(now: environment.now) {
            let assumed = try await sts.assumeRole(roleARN: roleARN, sessionName: sessionName)
            return (assumed.credentials, .assumedRole(profile: profile, roleARN: roleARN))
        }
        return AWSSession(deriving: self, credentials: provider)
    }
}
