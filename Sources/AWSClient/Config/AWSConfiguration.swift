import AWSConfigFiles
import AWSHTTP
import Foundation

/// Everything the command line, the profile and the environment decide for one command, read once:
/// the profile, region, endpoints, retry mode and attempts, CA bundle, proxies, and where credentials
/// come from. Every command builds one (`AWSSession` is made from it), the MFA session commands
/// included, so a setting is honoured everywhere or nowhere. Reading it opens no connection and runs
/// no program: credentials are resolved at the first request (`credentialResolver`).
public struct AWSConfiguration: Sendable {
    /// The environment the settings were read from (its clock and home directory are used later too).
    public let environment: AWSEnvironment
    /// The shared config and credentials files, parsed once.
    public let config: SharedConfig
    /// The profile in use, from `--profile`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, else `default`.
    public let profileName: String
    /// True when `--profile` named the profile: botocore then skips the environment's keys and web
    /// identity (`AWS_PROFILE` does not).
    public let profileIsExplicit: Bool
    /// `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
    public let region: String
    /// Endpoint URLs that replace AWS's own, per service; services without one are absent.
    public let endpointOverrides: [AWSService: URL]
    /// `AWS_RETRY_MODE` or the profile's `retry_mode` (default `standard`).
    public let retryMode: RetryMode
    /// Attempts and backoff: `AWS_MAX_ATTEMPTS` or `max_attempts`, unless the caller chose a policy.
    public let retry: RetryPolicy
    /// A PEM file to trust instead of the system's certificates: `AWS_CA_BUNDLE` or `ca_bundle`.
    public let caBundle: String?
    /// `https_proxy`/`http_proxy`/`no_proxy` from the environment.
    public let proxies: ProxySettings
    /// Requests per second (token bucket) for this command's clients; `nil` for no limit.
    public let maxRequestsPerSecond: Double?

    /// The retry modes of the AWS SDKs. mfaguard retries the same way in all three (AWS's standard
    /// mode, `RetryPolicy`); the mode is read so that a value the AWS CLI would refuse is refused too.
    public enum RetryMode: String, Sendable, CaseIterable {
        case legacy, standard, adaptive
    }

    /// Reads the shared files (errors are `ConfigError`) and applies `options` over the environment and
    /// the profile, in botocore's order for each setting.
    public init(options: SessionOptions, environment: AWSEnvironment = .current) throws {
        self.environment = environment
        let config = try SharedConfig(environment: environment)
        self.config = config
        let (profileName, explicit) = Self.profileName(options.profile, environment: environment)
        self.profileName = profileName
        profileIsExplicit = explicit
        if explicit || profileName != "default", config.profile(profileName) == nil {
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
        endpointOverrides = try Self.endpointOverrides(
            flag: options.endpointURL, environment: environment, config: config, profile: profileName)
        retryMode = try Self.retryMode(environment, config, profileName)
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
        self.retry = retry
        caBundle = try Self.caBundle(environment, config, profileName)
        do {
            proxies = try ProxySettings(lookup: { environment[$0] })
        } catch {
            throw ConfigError.invalidProxy(variable: error.variable, message: error.message)
        }
        maxRequestsPerSecond = options.maxRequestsPerSecond
    }

    /// The profile a command uses: `--profile` (`explicit`), else `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`,
    /// else `default`. An empty `--profile` counts as not given.
    public static func profileName(_ flag: String?, environment: AWSEnvironment) -> (name: String, explicit: Bool) {
        if let flag, !flag.isEmpty { return (flag, true) }
        return (environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default", false)
    }

    /// The one credential chain over this profile and environment (botocore's order, see
    /// `CredentialResolver`); `stsFactory` makes the STS clients it calls (AssumeRole and the like).
    public func credentialResolver(
        codeProvider: any MFACodeProvider, stsFactory: @escaping @Sendable (AWSCredentials?) -> STS
    ) -> CredentialResolver {
        CredentialResolver(
            environment: environment, config: config, profileName: profileName, profileIsExplicit: profileIsExplicit,
            codeProvider: codeProvider, stsFactory: stsFactory)
    }

    static func retryMode(_ environment: AWSEnvironment, _ config: SharedConfig, _ profile: String) throws -> RetryMode
    {
        let origin: String
        let text: String
        if let value = environment["AWS_RETRY_MODE"] {
            (origin, text) = ("AWS_RETRY_MODE", value)
        } else if let value = config.value("retry_mode", in: profile), !value.isEmpty {
            (origin, text) = ("retry_mode", value)
        } else {
            return .standard
        }
        guard let mode = RetryMode(rawValue: text) else {
            throw ConfigError.invalidProfile(
                profile: profile,
                message:
                    "\(origin) '\(text)' is not one of \(RetryMode.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return mode
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
