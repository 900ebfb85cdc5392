import AWSClient
import Foundation
import Logging

/// The pieces `mfaguard session` and `mfaguard credential-process` share: the profile, the config
/// files, and a broker whose STS clients follow the same region and endpoint rules as every other
/// command. Nothing here touches the network; a warm `credential-process` only reads two config files
/// and one cache file.
public struct SessionSetup: Sendable {
    public let environment: AWSEnvironment
    public let config: SharedConfig
    public let profileName: String
    public let profileIsExplicit: Bool
    public let options: SessionOptions
    public let logger: Logger

    public init(options: SessionOptions, environment: AWSEnvironment = .current, logger: Logger) throws {
        self.environment = environment
        self.options = options
        self.logger = logger
        config = try SharedConfig(environment: environment)
        let explicit = options.profile.flatMap { $0.isEmpty ? nil : $0 }
        profileName = explicit ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        profileIsExplicit = explicit != nil
    }

    /// What the session is made from, for this profile (and `--role-arn`).
    public func target(roleARN: String?) throws -> MFASessionTarget {
        try MFASessionTarget.resolve(
            profile: profileName, profileIsExplicit: profileIsExplicit, roleARN: roleARN, config: config,
            environment: environment)
    }

    /// A broker with the per-user cache (unless `useCache` is false) and STS clients built on demand.
    public func broker(codes: MFACodeSource, useCache: Bool = true) -> MFASessionBroker {
        let options = options
        let environment = environment
        let logger = logger
        return MFASessionBroker(
            cache: useCache ? MFASessionCache(environment: environment, logger: logger) : nil, codes: codes,
            makeClient: { credentials in
                // An AWSSession only for its region and endpoint rules; the credentials are the ones given.
                let session = try AWSSession(options: options, environment: environment, logger: logger)
                return ServiceClient(
                    credentials: StaticCredentialsProvider(credentials), region: session.region,
                    endpointOverrides: session.endpointOverrides, logger: logger, now: environment.now)
            }, now: environment.now,
            note: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    }
}
