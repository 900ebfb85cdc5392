import AWSClient
import ArgumentParser
import Foundation
import Logging
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
            abstract:
                "Write a profile with mfa_serial and source_profile (and a role, a duration, credential_process).",
            discussion: """
                Shows the section it will write, then asks on the terminal (or takes --yes). Only that \
                section changes: other profiles, comments and ordering stay as they are. Without \
                --mfa-serial, the source profile's mfa_serial is used, else the user's only MFA device.
                """
        )

        @Option(help: "The profile to write.")
        var name: String
        @Option(help: "The profile with the long-term keys.")
        var sourceProfile: String
        @Option(help: "A role to assume with MFA.")
        var roleArn: String?
        @Option(help: "The MFA device's ARN (default: see above).")
        var mfaSerial: String?
        @Option(help: "duration_seconds for the profile: 8h, 90m or seconds.")
        var duration: String?
        @Flag(help: "Also write credential_process = mfaguard credential-process --profile NAME.")
        var credentialProcess = false
        @Flag(help: "Write without asking.")
        var yes = false
        @Flag(help: "Replace the config file even if it is read-only (it must be yours; it stays read-only).")
        var force = false
        @Option(help: "Profile region and endpoint options for looking up the MFA device.")
        var region: String?
        @Option(help: "Send the device lookup to this endpoint.")
        var endpointURL: String?

        func run() async throws {
            let options = SessionOptions(profile: sourceProfile, region: region, endpointURL: endpointURL)
            let setup = try SessionSetup(options: options, logger: .mfaguard(debug: false))
            let configuredSerial = setup.config.value("mfa_serial", in: sourceProfile)
            var serial = mfaSerial ?? configuredSerial
            if serial == nil {
                let target = try setup.target(roleARN: nil)
                let codes = MFACodeSource(code: nil, command: nil, profileProcess: nil, environment: setup.environment)
                serial = try await setup.broker(codes: codes, useCache: false).deviceSerial(
                    for: MFASessionBroker.Request(target: target, discoverDevice: true))
            }
            var profile = MFAProfileSetup(
                name: name, sourceProfile: sourceProfile, mfaSerial: serial ?? "", roleARN: roleArn,
                durationSeconds: try duration.map { try SessionDuration.parse($0) },
                credentialProcess: credentialProcess)
            if mfaSerial == nil, configuredSerial != nil {
                profile.mfaSerialOrigin = "mfa_serial of profile '\(sourceProfile)'"
            }
            try profile.validate(config: setup.config)
            try profile.preflight(environment: setup.environment, force: force)
            print(profile.preview(configPath: setup.environment.configFilePath))
            if !yes {
                let answer = try Terminal.ask(
                    "Write it? [y/N] ", purpose: "confirmation", hint: "pass --yes to write it without asking")
                guard ["y", "yes"].contains(answer.lowercased()) else {
                    print("Nothing written.")
                    return
                }
            }
            let changed = try profile.write(environment: setup.environment, force: force)
            print(changed ? "Wrote profile '\(name)'." : "Profile '\(name)' already had these settings.")
        }
    }
}
