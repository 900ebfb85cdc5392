import AWSClient
import Foundation
import Logging

/// The pieces `mfaguard session` and `mfaguard credential-process` share: the command's one
/// `AWSConfiguration` (profile, region, endpoints, retries, CA bundle, proxies, the credential chain),
/// the `AWSSession` made from it, and a broker whose STS and IAM clients are that session's clients
/// signing with the MFA source's keys or the session's — the same transport, retry policy, rate
/// limiter and logger as every other command. Nothing here touches the network; a warm
/// `credential-process` only reads two config files and one cache file.
public struct SessionSetup: Sendable {
    public let configuration: AWSConfiguration
    public let session: AWSSession
    public let options: SessionOptions
    public let logger: Logger

    public var environment: AWSEnvironment { configuration.environment }
    public var config: SharedConfig { configuration.config }
    public var profileName: String { configuration.profileName }
    public var profileIsExplicit: Bool { configuration.profileIsExplicit }

    public init(options: SessionOptions, environment: AWSEnvironment = .current, logger: Logger) throws {
        self.options = options
        self.logger = logger
        configuration = try AWSConfiguration(options: options, environment: environment)
        session = AWSSession(configuration: configuration, logger: logger)
    }

    /// What the session is made from, for this profile (and `--role-arn`).
    public func target(roleARN: String?) throws -> MFASessionTarget {
        try MFASessionTarget.resolve(roleARN: roleARN, credentials: session.credentialResolver)
    }

    /// A broker with the per-user cache (unless `useCache` is false) and the session's clients.
    public func broker(codes: MFACodeSource, useCache: Bool = true) -> MFASessionBroker {
        let session = session
        let environment = environment
        return MFASessionBroker(
            cache: useCache ? MFASessionCache(environment: environment, logger: logger) : nil, codes: codes,
            makeClient: { credentials in session.client(signingWith: credentials) }, now: environment.now,
            note: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    }
}
