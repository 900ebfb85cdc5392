import AWSClient
import ArgumentParser
import Foundation
import Logging
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard configure`: write MFA settings into the shared config file.
struct ConfigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Write MFA profiles into ~/.aws/config.",
        subcommands: [MFAProfile.self]
    )
}

extension ConfigureCommand {
    struct MFAProfile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mfa-profile",
            abstract: "Write a profile that gets MFA sessions: for the AWS CLI, the SDKs and mfaguard --profile.",
            discussion: """
                Without --role-arn the profile runs this mfaguard (by its absolute path) as credential_process; \
                with --role-arn it gets the AWS CLI's own role_arn, source_profile and mfa_serial (or, with \
                --credential-process, mfaguard with the role). Shows the change as a diff of that section, then \
                asks on the terminal (or takes --yes); a run that changes nothing writes nothing. Only that \
                section changes: other profiles, comments and ordering stay as they are. Without --mfa-serial, \
                the source profile's mfa_serial is used, else the user's only MFA device (ListMFADevices).
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "The profile to write.")
        var name: String
        @Option(help: "The profile with the long-term keys (default: --profile, AWS_PROFILE, else default).")
        var sourceProfile: String?
        @Option(help: "A role to assume with MFA.")
        var roleArn: String?
        @Option(help: "The MFA device's ARN (default: see above).")
        var mfaSerial: String?
        @Option(help: "duration_seconds for the profile: 8h, 90m or seconds.")
        var duration: String?
        @Flag(
            help: "With --role-arn: credential_process = mfaguard credential-process ... --role-arn ARN, not role_arn.")
        var credentialProcess = false
        @Flag(help: "Write without asking.")
        var yes = false
        @Flag(help: "Replace the config file even if it is read-only (it must be yours; it stays read-only).")
        var force = false

        func validate() throws {
            if let sourceProfile, let profile = global.profile, !profile.isEmpty, profile != sourceProfile {
                throw ValidationError(
                    "--profile \(profile) and --source-profile \(sourceProfile) differ: the MFA device is looked "
                        + "up with the source profile's keys, so give one of them")
            }
            if let duration {
                do { _ = try SessionDuration.parse(duration) } catch { throw ValidationError(error.description) }
            }
        }

        func run() async throws {
            let environment = AWSEnvironment.current
            let explicit = sourceProfile ?? global.profile.flatMap { $0.isEmpty ? nil : $0 }
            let source =
                explicit ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
            var options = global.sessionOptions
            options.profile = source
            let setup = try SessionSetup(options: options, environment: environment, logger: global.logger)
            let configuredSerial = setup.config.value("mfa_serial", in: source)
            var serial = mfaSerial ?? configuredSerial
            if serial == nil {
                let target = try setup.target(roleARN: nil)
                let codes = MFACodeSource(code: nil, command: nil, profileProcess: nil, environment: setup.environment)
                serial = try await setup.broker(codes: codes, useCache: false).deviceSerial(
                    for: MFASessionBroker.Request(target: target))
            }
            guard let executable = MFAGuardExecutable.running else {
                throw MFAGuardFailure(.input, "cannot tell where this mfaguard is installed (its path is unknown)")
            }
            var profile = MFAProfileSetup(
                name: name, sourceProfile: source, mfaSerial: serial ?? "", roleARN: roleArn,
                durationSeconds: try duration.map { try SessionDuration.parse($0) },
                credentialProcess: credentialProcess, program: executable.path)
            if mfaSerial == nil, configuredSerial != nil {
                profile.mfaSerialOrigin = "mfa_serial of profile '\(source)'"
            }
            try profile.validate(config: setup.config)
            try profile.preflight(environment: setup.environment, force: force)
            let path = setup.environment.configFilePath
            let diff = try profile.diff(environment: setup.environment)
            guard !diff.isEmpty else {
                Console.outputLine("Profile '\(name)' in \(path) already has these settings; nothing written.")
                return
            }
            let color = OutputDestination(path: nil).colorEnabled(noColorFlag: global.noColor)
            Console.outputLine(diff.map { color ? Self.colored($0) : $0 }.joined(separator: "\n"))
            if profile.usesCredentialProcess, let folder = executable.buildFolder {
                Console.report(
                    "warning: credential_process will run \(executable.path), inside a build folder "
                        + "(\(folder)): cleaning or rebuilding it breaks the profile; install mfaguard "
                        + "(make install) and run configure mfa-profile from there")
            }
            try await Console.standard.confirm(
                "Write this to \(path)?", yes: yes, refusal: "not writing profile '\(name)' to \(path)")
            let changed = try profile.write(environment: setup.environment, force: force)
            Console.outputLine(
                changed ? "Wrote profile '\(name)' to \(path)." : "Profile '\(name)' already had these settings.")
        }

        /// A diff line in the colours of `git diff`.
        static func colored(_ line: String) -> String {
            let code =
                switch line.first {
                case "+": line.hasPrefix("+++") ? "1" : "32"
                case "-": line.hasPrefix("---") ? "1" : "31"
                case "@": "36"
                default: ""
                }
            return code.isEmpty ? line : "\u{1B}[\(code)m\(line)\u{1B}[0m"
        }
    }
}
