import AWSClient
import ArgumentParser
import Foundation
import Logging
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard exec PROFILE -- COMMAND [ARGS…]`: runs a command with the profile's MFA session in its environment.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with the profile's MFA session in its environment.",
        discussion: """
            The session is the one 'mfaguard session --profile PROFILE' gets: the same code sources and \
            the same cache (see docs/sessions.md). The command gets AWS_ACCESS_KEY_ID, \
            AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, the profile's region and \
            MFAGUARD_PROFILE; every credential variable of ours is removed first. Its exit status is \
            mfaguard's (128 + N when signal N ended it); SIGINT, SIGTERM and SIGHUP are passed on to it.
            """
    )

    @Argument(help: "The profile whose session the command gets.")
    var profile: String
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []
    @Option(help: "AWS region (default: the profile's region).")
    var region: String?
    @Option(name: .customLong("endpoint-url"), help: "Send mfaguard's STS and IAM requests to this endpoint.")
    var endpointURL: String?
    @Option(help: "Session length: 8h, 90m, 1h30m or seconds (a new session of that length).")
    var duration: String?
    @Option(help: "The current MFA code.")
    var code: String?
    @Option(help: "A command printing the current code, e.g. 'ykman oath accounts code --single aws'.")
    var codeCommand: String?
    @Flag(help: "Pass the profile's own credentials, not an MFA session (a role is still assumed with a code).")
    var noSession = false
    @Flag(help: "Run even inside another mfaguard exec (MFAGUARD_PROFILE is set).")
    var allowNested = false
    @Flag(help: "Log every signed request and response on stderr, with secrets redacted.")
    var debug = false

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("Give the command after --: mfaguard exec PROFILE -- COMMAND.")
        }
        guard code == nil || codeCommand == nil else {
            throw ValidationError("Give --code or --code-command, not both.")
        }
        guard !(noSession && duration != nil) else {
            throw ValidationError("--duration asks for a session; --no-session passes the profile's keys.")
        }
        do {
            if let duration { _ = try SessionDuration.parse(duration) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let parent = ProcessInfo.processInfo.environment
        if let outer = parent[ExecRequest.profileVariable], !outer.isEmpty, !allowNested {
            throw MFAGuardFailure(
                .usage,
                "already inside 'mfaguard exec' for profile '\(outer)' (MFAGUARD_PROFILE is set); "
                    + "exit that shell, or pass --allow-nested")
        }
        // Found before a code is asked for: a typo should not cost an MFA code.
        let executable: String
        switch ExecChild.locate(command[0], searchPath: parent["PATH"]) {
        case .success(let path): executable = path
        case .failure(let failure):
            throw MFAGuardFailure(.input, failure.message, reportStatus: failure.exitStatus)
        }
        var request = ExecRequest(
            options: SessionOptions(profile: profile, region: region, endpointURL: endpointURL),
            logger: .mfaguard(debug: debug))
        request.duration = duration
        request.code = code
        request.codeCommand = codeCommand
        request.noSession = noSession
        let grant = try await request.grant()
        let environment = ExecRequest.childEnvironment(parent, grant: grant)
        switch ExecChild.run(executable: executable, arguments: command, environment: environment) {
        case .success(let status): Foundation.exit(status)
        case .failure(let failure):
            throw MFAGuardFailure(.input, failure.message, reportStatus: failure.exitStatus)
        }
    }
}
