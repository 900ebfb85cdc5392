import AWSClient
import ArgumentParser
import Foundation
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard session`: MFA-backed temporary credentials for the current profile.
struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Get MFA-backed temporary credentials (GetSessionToken, or AssumeRole with MFA).",
        discussion: """
            The device is the profile's mfa_serial, else the caller's only MFA device (else you choose). \
            The code comes from --code, --code-command, the profile's mfa_process, else a prompt on the \
            terminal (/dev/tty, never stdout, so eval "$(mfaguard session --export)" works). Sessions are \
            cached per user (see docs/sessions.md) and reused while they last, unless --duration asks for \
            a new one of that length or --no-cache is given. 'mfaguard session list' shows the cached \
            sessions, 'mfaguard session clear [PROFILE]' removes them.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Assume this role with MFA (default: the profile's role_arn).")
    var roleArn: String?
    @Option(help: "Session length: 8h, 90m, 1h30m or seconds (GetSessionToken 15m-36h, AssumeRole 15m-12h).")
    var duration: String?
    @Option(help: "The current MFA code.")
    var code: String?
    @Option(help: "A command printing the current code, e.g. 'ykman oath accounts code --single aws'.")
    var codeCommand: String?
    @Option(help: "Write the session into this profile of the credentials file (0600, atomic).")
    var writeProfile: String?
    @Flag(help: "With --write-profile: replace a profile that holds long-term keys (they are lost).")
    var overwriteLongTermKeys = false
    @Flag(help: "With --write-profile: replace the credentials file even if it is read-only (yours only).")
    var force = false
    @Flag(help: "Print shell export lines.")
    var export = false
    @Flag(help: "Print the credential_process JSON document.")
    var json = false
    @Flag(help: "Neither read nor write the session cache.")
    var noCache = false
    @Flag(help: "For a role: enter a code for a direct AssumeRole instead of chaining from a cached session (1h cap).")
    var noChain = false

    func validate() throws {
        let outputs = [writeProfile != nil, export, json].filter { $0 }.count
        guard outputs == 1 else {
            throw ValidationError("Choose one output: --write-profile NAME, --export or --json.")
        }
        guard writeProfile != nil || !(overwriteLongTermKeys || force) else {
            throw ValidationError("--overwrite-long-term-keys and --force go with --write-profile.")
        }
        guard code == nil || codeCommand == nil else {
            throw ValidationError("Give --code or --code-command, not both.")
        }
        do {
            if let duration { _ = try SessionDuration.parse(duration) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let destination: SessionRequest.Output =
            if let writeProfile { .profile(writeProfile) } else if export { .exportLines } else { .processJSON }
        var request = SessionRequest(options: global.sessionOptions, logger: global.logger, output: destination)
        request.roleARN = roleArn
        request.duration = duration
        request.code = code
        request.codeCommand = codeCommand
        request.overwriteLongTermKeys = overwriteLongTermKeys
        request.force = force
        request.useCache = !noCache
        request.noChain = noChain
        switch try await request.run() {
        case .wroteProfile(let profile, let path, let expiration):
            Console.report("wrote profile '\(profile)' to \(path), valid until \(HTTPDate.iso8601(expiration))")
        case .text(let text):
            Console.outputLine(text)
        }
    }
}
