import AWSClient
import AWSConfigFiles
import Foundation
import Logging
import MFAGuardConsole

/// The pieces `mfaguard session` and `mfaguard credential-process` share: the command's one
/// `AWSConfiguration` (profile, region, endpoints, retries, CA bundle, proxies, the credential chain),
/// the `AWSSession` made from it (once, on first use), and a broker whose STS and IAM clients are that session's clients
/// signing with the MFA source's keys or the session's — the same transport, retry policy, rate
/// limiter and logger as every other command. Nothing here touches the network; a warm
/// `credential-process` only reads two config files and one cache file.
public struct SessionSetup: Sendable {
    /// The command's profile, region, endpoints, retries, CA bundle, proxies and credential chain.
    public let configuration: AWSConfiguration
    private let lazySession: LazySession
    /// The options the configuration was made from.
    public let options: SessionOptions
    /// The logger of the session's clients and the cache's debug notes.
    public let logger: Logger

    /// The command's session, made from `configuration` when the first request needs it: a warm
    /// `credential-process`, which answers from the cache, makes no transport and no client.
    public var session: AWSSession { lazySession.session }
    /// The process environment the configuration was read with.
    public var environment: AWSEnvironment { configuration.environment }
    /// `~/.aws/config` and `~/.aws/credentials` (or `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`), as read.
    public var config: SharedConfig { configuration.config }
    /// `--profile`, else `AWS_PROFILE`, else `default`.
    public var profileName: String { configuration.profileName }
    /// True when `--profile` named the profile: the environment's keys then do not come first.
    public var profileIsExplicit: Bool { configuration.profileIsExplicit }

    /// Reads the shared config files (errors are `ConfigError`); makes no client and no request.
    public init(options: SessionOptions, environment: AWSEnvironment = .current, logger: Logger) throws {
        self.options = options
        self.logger = logger
        let configuration = try AWSConfiguration(options: options, environment: environment)
        self.configuration = configuration
        lazySession = LazySession {
            AWSSession(configuration: configuration, codeProvider: ConsoleCodePrompt(), logger: logger)
        }
    }

    /// What the session is made from, for this profile (and `--role-arn`).
    public func target(roleARN: String?) throws -> MFASessionTarget {
        // The chain the session would use, without making the session: nothing here calls STS.
        let lazySession = lazySession
        let credentials = configuration.credentialResolver(
            codeProvider: ConsoleCodePrompt(),
            stsFactory: { source in
                let session = lazySession.session
                return STS(client: source.map { session.client(signingWith: $0) } ?? session.client)
            })
        return try MFASessionTarget.resolve(roleARN: roleARN, credentials: credentials)
    }

    /// A broker with the per-user cache (unless `useCache` is false) and the session's clients.
    public func broker(codes: MFACodeSource, useCache: Bool = true) -> MFASessionBroker {
        let lazySession = lazySession
        let environment = environment
        return MFASessionBroker(
            cache: useCache ? MFASessionCache(environment: environment, logger: logger) : nil, codes: codes,
            makeClient: { credentials in lazySession.session.client(signingWith: credentials) }, now: environment.now,
            note: { Console.error($0 + "\n") })
    }
}

/// An `AWSSession` made once, on first use, by whichever thread asks first.
private final class LazySession: @unchecked Sendable {
    private let lock = NSLock()
    private var made: AWSSession?
    private let make: @Sendable () -> AWSSession

    init(_ make: @escaping @Sendable () -> AWSSession) { self.make = make }

    var session: AWSSession {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let session = make()
        made = session
        return session
    }
}
