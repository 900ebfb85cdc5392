import AWSClient
import Foundation
import Logging

/// What `mfaguard credential-process` was asked for, as plain values: the ArgumentParser command and
/// the quick path of mfaguard-commands (which skips ArgumentParser's property wrappers, whose generic
/// metadata and conformance look-ups cost a millisecond of a warm run) both fill it in and run it.
public struct CredentialProcessRequest: Sendable {
    /// `--min-remaining`'s default: 15 minutes.
    public static let defaultMinRemaining = "15m"

    /// The profile (required: `invalidity` says so), region, endpoint and retries the session is made with.
    public var options: SessionOptions
    /// Debug log lines on stderr (`--debug`); stdout stays the JSON alone.
    public var debug = false
    /// Assume this role with MFA (default: the profile's `role_arn`).
    public var roleARN: String?
    /// Session length for new sessions (`8h`, `90m`, seconds).
    public var duration: String?
    /// Start a new session when the cached one has less than this left.
    public var minRemaining = Self.defaultMinRemaining
    /// For a role: a direct AssumeRole with a code instead of chaining from a cached session.
    public var noChain = false
    /// Whether the quick path (not ArgumentParser) read the arguments; `--debug` says so, which is how a
    /// test proves that the fast path ran.
    public var readByQuickPath = false

    /// Values with every option at its default; `options.profile` must still be set before `run`.
    public init(options: SessionOptions) {
        self.options = options
    }

    /// Why these values cannot run, as a usage message; nil when they can.
    public var invalidity: String? {
        guard options.profile != nil else { return "Name the profile with --profile." }
        do {
            if let duration { _ = try SessionDuration.parse(duration) }
            // No MFA session lasts longer than GetSessionToken's 36 hours: more can never be left.
            guard try SessionDuration.parse(minRemaining) <= 129_600 else {
                return "--min-remaining \(minRemaining) is longer than any MFA session (36h at most)"
            }
        } catch {
            return error.description
        }
        return nil
    }

    /// The credentials as `credential_process` JSON, from the cache when the cached session has at
    /// least `minRemaining` left, else from a new session (asking for a code).
    public func run() async throws -> String {
        let logger = Logger.mfaguard(debug: debug)
        logger.debug("arguments read by \(readByQuickPath ? "the quick path" : "ArgumentParser")")
        let setup = try SessionSetup(options: options, logger: logger)
        let target = try setup.target(roleARN: roleARN)
        let codes = MFACodeSource(
            code: nil, command: nil, profileProcess: target.mfaProcess, environment: setup.environment)
        let session = try await setup.broker(codes: codes).session(
            MFASessionBroker.Request(
                target: target, durationSeconds: try duration.map { try SessionDuration.parse($0) },
                minimumRemaining: TimeInterval(try SessionDuration.parse(minRemaining)), allowChaining: !noChain))
        return SessionOutput.processJSON(session.credentials, expiration: session.expiration)
    }
}
