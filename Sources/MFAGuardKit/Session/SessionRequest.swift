import AWSClient
import Foundation
import Logging

/// What `mfaguard session` was asked for, as plain values, and the flow from the profile to the
/// credentials: the command parses its options into one, runs it and prints the outcome.
public struct SessionRequest: Sendable {
    /// Where the session goes.
    public enum Output: Sendable, Equatable {
        /// Into this profile of the credentials file (`--write-profile`).
        case profile(String)
        /// As shell export lines (`--export`).
        case exportLines
        /// As the `credential_process` JSON document (`--json`).
        case processJSON
    }

    /// What `run` did.
    public enum Outcome: Sendable, Equatable {
        /// The text to print on stdout.
        case text(String)
        /// The session was written into `profile` of the credentials file at `path`; it ends at `expiration`.
        case wroteProfile(profile: String, path: String, expiration: Date)
    }

    /// Profile, region and the other global options.
    public var options: SessionOptions
    /// Where the session setup logs (stderr: `--debug` for the details).
    public var logger: Logger
    /// Where the session goes.
    public var output: Output
    /// Assume this role with MFA (default: the profile's `role_arn`).
    public var roleARN: String?
    /// Session length (`8h`, `90m`, `1h30m`, seconds); `nil`: reuse a cached session, else STS's default.
    public var duration: String?
    /// The current MFA code (`--code`).
    public var code: String?
    /// A command printing the current code (`--code-command`).
    public var codeCommand: String?
    /// With `.profile`: replace a profile that holds long-term keys.
    public var overwriteLongTermKeys = false
    /// With `.profile`: replace the credentials file even if it is read-only.
    public var force = false
    /// Read and write the session cache.
    public var useCache = true
    /// For a role: a direct AssumeRole with a code instead of chaining from a cached session.
    public var noChain = false

    /// A request for a session of the profile `options` name, going to `output`.
    public init(options: SessionOptions, logger: Logger, output: Output) {
        self.options = options
        self.logger = logger
        self.output = output
    }

    /// Resolves the profile's target and code source, refuses a `--write-profile` that would fail before
    /// a code is asked for and STS is called, gets the session (from the cache while it lasts, unless
    /// `duration` asks for a new one of that length), and writes or renders it.
    public func run() async throws -> Outcome {
        let setup = try SessionSetup(options: options, logger: logger)
        let target = try setup.target(roleARN: roleARN)
        let durationSeconds = try duration.map { try SessionDuration.parse($0) }
        let codes = MFACodeSource(
            code: code, command: codeCommand, profileProcess: target.mfaProcess, environment: setup.environment)
        if case .profile(let name) = output {
            // Refusals that do not depend on the session come before the code and the STS call.
            try SessionOutput.checkWriteProfile(
                name, target: target, environment: setup.environment,
                overwriteLongTermKeys: overwriteLongTermKeys, force: force)
        }
        let broker = setup.broker(codes: codes, useCache: useCache)
        // An explicit duration over the 1h chaining cap asks for a direct AssumeRole with a code.
        let allowChaining = !noChain && (durationSeconds ?? 0) <= SessionDuration.chainedRoleMaximum
        let session = try await broker.session(
            MFASessionBroker.Request(
                target: target, durationSeconds: durationSeconds, minimumRemaining: 900,
                reuseCached: durationSeconds == nil, allowChaining: allowChaining))
        switch output {
        case .profile(let name):
            try SessionOutput.writeProfile(
                name, credentials: session.credentials, expiration: session.expiration, target: target,
                environment: setup.environment, overwriteLongTermKeys: overwriteLongTermKeys, force: force)
            return .wroteProfile(
                profile: name, path: setup.environment.credentialsFilePath, expiration: session.expiration)
        case .exportLines:
            return .text(SessionOutput.exportLines(session.credentials, expiration: session.expiration))
        case .processJSON:
            return .text(SessionOutput.processJSON(session.credentials, expiration: session.expiration))
        }
    }
}
