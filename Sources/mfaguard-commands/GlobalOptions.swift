import AWSClient
import ArgumentParser
import Foundation
import Logging
import MFAGuardKit

/// The options of every AWS-talking command (DESIGN.md, "Command-line contract").
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong(OptionName.profile),
        help: "Use this profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, else default).")
    var profile: String?

    @Option(
        name: .customLong(OptionName.region),
        help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1).")
    var region: String?

    @Option(
        name: .customLong(OptionName.endpointURL),
        help: "Send every request to this endpoint (an AWS-compatible emulator, a proxy).")
    var endpointURL: String?

    @Flag(
        name: .customLong(OptionName.debug),
        help: "Log every signed request and response on stderr, with secrets redacted.")
    var debug = false

    @Flag(name: .customLong(OptionName.noColor), help: "No ANSI colours (also NO_COLOR=1).")
    var noColor = false

    /// A logger on stderr: debug level with `--debug`, warnings otherwise.
    var logger: Logger { .mfaguard(debug: debug) }

    /// The profile, region and endpoint choices as the AWS client takes them.
    var sessionOptions: SessionOptions {
        SessionOptions(profile: profile, region: region, endpointURL: endpointURL)
    }

    /// A session with these options over the process environment.
    func session(maxRequestsPerSecond: Double? = nil) throws -> AWSSession {
        var options = sessionOptions
        options.maxRequestsPerSecond = maxRequestsPerSecond
        return try AWSSession(options: options, codeProvider: ConsoleCodePrompt(), logger: logger)
    }
}

/// `table` for people, `json` for programs.
enum TableOrJSON: String, CaseInsensitiveArgument, CaseIterable, Sendable {
    case table, json
}
