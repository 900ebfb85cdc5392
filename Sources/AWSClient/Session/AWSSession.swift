import Foundation
import Logging

/// What the user chose on the command line; `nil` means "use the environment and config files".
public struct SessionOptions: Sendable {
    public var profile: String?
    public var region: String?
    /// `--endpoint-url`: one endpoint for every service.
    public var endpointURL: String?
    /// Requests per second allowed to this session (token bucket); `nil` for no limit.
    public var maxRequestsPerSecond: Double?
    public var retry: RetryPolicy?

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

/// A configured connection to one AWS account: profile, region, endpoints, credentials, and the
/// service clients on top. Reading the config files happens here (errors are `ConfigError`);
/// credentials are resolved at the first request.
public struct AWSSession: Sendable {
    public let environment: AWSEnvironment
    public let config: SharedConfig
    public let profileName: String
    public let region: String
    public let endpointOverrides: [AWSService: URL]
    public let credentials: CachingCredentialsProvider
    public let client: ServiceClient
    // Kept for sessions derived from this one (`assumingRole`).
    private let transport: any HTTPTransport
    private let retry: RetryPolicy
    private let maxRequestsPerSecond: Double?
    private let logger: Logger

    public var iam: IAM { IAM(client: client) }
    public var sts: STS { STS(client: client) }
    public var organizations: Organizations { Organizations(client: client) }

    public init(
        options: SessionOptions, environment: AWSEnvironment = .current,
        transport: (any HTTPTransport)? = nil, codeProvider: any MFACodeProvider = TerminalCodePrompt(),
        logger: Logger = Logger(label: "mfaguard.aws")
    ) throws {
        self.environment = environment
        let config = try SharedConfig(environment: environment)
        self.config = config
        let explicit = options.profile.flatMap { $0.isEmpty ? nil : $0 }
        let profileName = explicit ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        self.profileName = profileName
        if explicit != nil || profileName != "default", config.profile(profileName) == nil {
            throw ConfigError.profileNotFound(
                profileName, configPath: config.configPath, credentialsPath: config.credentialsPath)
        }
        let region =
            options.region.flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_REGION"]
            ?? environment["AWS_DEFAULT_REGION"] ?? config.value("region", in: profileName) ?? "us-east-1"
        guard Self.isValidRegion(region) else {
            throw ConfigError.invalidProfile(
                profile: profileName, message: "region '\(region)' is not a valid region name")
        }
        self.region = region
        let overrides = try Self.endpointOverrides(
            flag: options.endpointURL, environment: environment, config: config, profile: profileName)
        self.endpointOverrides = overrides

        var retry = options.retry ?? RetryPolicy()
        if options.retry == nil,
            let text = environment["AWS_MAX_ATTEMPTS"] ?? config.value("max_attempts", in: profileName)
        {
            guard let attempts = Int(text), attempts >= 1 else {
                throw ConfigError.invalidProfile(
                    profile: profileName, message: "max_attempts '\(text)' is not a positive number")
            }
            retry.maxAttempts = attempts
        }
        let retryPolicy = retry
        let rateLimiter = options.maxRequestsPerSecond.map { RateLimiter(requestsPerSecond: $0) }
        let transport =
            try transport
            ?? SocketTransport(
                caBundle: Self.caBundle(environment, config, profileName),
                proxies: ProxySettings(lookup: { environment[$0] }))
        self.transport = transport
        self.retry = retry
        self.maxRequestsPerSecond = options.maxRequestsPerSecond
        self.logger = logger
        let now = environment.now
        let stsFactory: @Sendable (AWSCredentials?) -> STS = { source in
            STS(
                client: ServiceClient(
                    credentials: source.map { StaticCredentialsProvider($0) as any CredentialsProvider }
                        ?? UnsignedCallsOnly(), region: region, endpointOverrides: overrides,
                    transport: transport, retry: retryPolicy, logger: logger, now: now))
        }
        let resolver = CredentialResolver(
            environment: environment, config: config, profileName: profileName, profileIsExplicit: explicit != nil,
            codeProvider: codeProvider, stsFactory: stsFactory)
        credentials = CachingCredentialsProvider(resolver: resolver)
        client = ServiceClient(
            credentials: credentials, region: region, endpointOverrides: overrides, transport: transport, retry: retry,
            rateLimiter: rateLimiter, logger: logger, now: now)
    }

    private init(
        deriving base: AWSSession, credentials: CachingCredentialsProvider
    ) {
        environment = base.environment
        config = base.config
        profileName = base.profileName
        region = base.region
        endpointOverrides = base.endpointOverrides
        transport = base.transport
        retry = base.retry
        maxRequestsPerSecond = base.maxRequestsPerSecond
        logger = base.logger
        self.credentials = credentials
        // A rate limiter of its own: IAM's request quota is per account.
        client = ServiceClient(
            credentials: credentials, region: base.region, endpointOverrides: base.endpointOverrides,
            transport: base.transport, retry: base.retry,
            rateLimiter: base.maxRequestsPerSecond.map { RateLimiter(requestsPerSecond: $0) }, logger: base.logger,
            now: base.environment.now)
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

    /// The certificates to trust for HTTPS instead of the system's: `AWS_CA_BUNDLE`, else the profile's `ca_bundle` (a PEM
    /// file, as for the AWS CLI). A file that cannot be read is a configuration error up front.
    static func caBundle(_ environment: AWSEnvironment, _ config: SharedConfig, _ profile: String) throws -> String? {
        let origin: String
        let value: String
        if let fromEnvironment = environment["AWS_CA_BUNDLE"], !fromEnvironment.isEmpty {
            (origin, value) = ("AWS_CA_BUNDLE", fromEnvironment)
        } else if let fromConfig = config.value("ca_bundle", in: profile), !fromConfig.isEmpty {
            (origin, value) = ("ca_bundle of profile '\(profile)'", fromConfig)
        } else {
            return nil
        }
        let path = environment.expand(value)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigError.unreadable(
                path: path, reason: "the CA bundle named by \(origin) does not exist or is unreadable")
        }
        return path
    }

    /// `--endpoint-url` for all services, else `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then the
    /// profile's `[services …]` section and `endpoint_url` setting (botocore's order).
    static func endpointOverrides(
        flag: String?, environment: AWSEnvironment, config: SharedConfig, profile: String
    ) throws -> [AWSService: URL] {
        var result: [AWSService: URL] = [:]
        let ignoreConfigured = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        for service in AWSService.allCases {
            var candidate: (text: String, origin: String)?
            if let flag, !flag.isEmpty, service.takesEndpointFlag {
                candidate = (flag, "--endpoint-url")
            } else if !ignoreConfigured {
                if let value = environment[service.endpointVariable] {
                    candidate = (value, service.endpointVariable)
                } else if let value = environment["AWS_ENDPOINT_URL"] {
                    candidate = (value, "AWS_ENDPOINT_URL")
                } else if let servicesName = config.value("services", in: profile),
                    case .nested(let settings)? = config.services[servicesName]?[service.configKey],
                    let value = settings["endpoint_url"]
                {
                    candidate = (value, "[services \(servicesName)]")
                } else if let value = config.value("endpoint_url", in: profile) {
                    candidate = (value, "endpoint_url of profile '\(profile)'")
                }
            }
            guard let candidate else { continue }
            guard let url = URL(string: candidate.text), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host != nil
            else {
                throw ConfigError.invalidProfile(
                    profile: profile, message: "\(candidate.origin) '\(candidate.text)' is not an http(s) URL")
            }
            result[service] = url
        }
        return result
    }

    static func isValidRegion(_ region: String) -> Bool {
        !region.isEmpty && region.count <= 64
            && region.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
    }
}
