import AWSClient
import ArgumentParser
import Foundation
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard credential-process --profile P`: the `credential_process` of the AWS CLI and SDKs.
struct CredentialProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential-process",
        abstract: "Print MFA session credentials as credential_process JSON, from the cache when possible.",
        discussion: """
            Use it from another profile of ~/.aws/config: credential_process = /path/to/mfaguard \
            credential-process --profile base (the absolute path; configure mfa-profile writes it), where \
            'base' holds the long-term keys (or a source_profile). The device is the profile's mfa_serial, \
            else the caller's only MFA device, as for session. Every profile with the same source keys and \
            device shares one cached session. A code is asked for (mfa_process, else /dev/tty) only when \
            the cached session has less than --min-remaining left.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong(OptionName.roleARN), help: "Assume this role with MFA (default: the profile's role_arn).")
    var roleArn: String?
    @Option(
        name: .customLong(OptionName.duration),
        help: "Session length for new sessions: 8h, 90m or seconds (default: duration_seconds, else STS's).")
    var duration: String?
    @Option(
        name: .customLong(OptionName.minRemaining),
        help: "Start a new session when the cached one has less than this left (default 15m).")
    var minRemaining = CredentialProcessRequest.defaultMinRemaining
    @Flag(
        name: .customLong(OptionName.noChain),
        help: "For a role: enter a code for a direct AssumeRole instead of chaining from a cached session (1h cap).")
    var noChain = false

    var request: CredentialProcessRequest {
        var request = CredentialProcessRequest(options: global.sessionOptions)
        request.debug = global.debug
        request.roleARN = roleArn
        request.duration = duration
        request.minRemaining = minRemaining
        request.noChain = noChain
        return request
    }

    func validate() throws {
        if let invalidity = request.invalidity { throw ValidationError(invalidity) }
    }

    func run() async throws {
        Console.outputLine(try await request.run())
    }
}
