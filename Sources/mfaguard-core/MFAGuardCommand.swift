import ArgumentParser
import Foundation
import MFAGuardKit

/// The `mfaguard` root command: lists the command groups and turns errors into the documented exit codes.
@main
struct MFAGuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfaguard",
        abstract: "Make multi-factor authentication mandatory and verifiable across AWS accounts.",
        version: MFAGuardVersion.current,
        subcommands: [
            AuditCommand.self, EnforceCommand.self, SnapshotCommand.self, WhoamiCommand.self, DeviceCommand.self,
            SessionCommand.self, CredentialProcessCommand.self, ConfigureCommand.self, PolicyCommand.self,
            TOTPCommand.self, QRCommand.self,
        ]
    )

    /// Runs the parsed command; every error ends in one line on stderr and the exit code of DESIGN.md.
    static func main() async {
        // Before anything reads a credential: see `CoreDumps`.
        CoreDumps.disable()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let unknown = UsageError.unknownHelpTopic(arguments) {
            FileHandle.standardError.write(Data(unknown.utf8))
            Foundation.exit(2)
        }
        do {
            if let request = QuickPath.credentialProcess(arguments) {
                print(try await request.run())
                return
            }
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let failure = CommandFailure(error) {
                failure.report()
                Foundation.exit(failure.exitCode)
            }
            // `audit --format nagios|prtg|prometheus`: a usage error must reach the monitoring system too.
            if exitCode(for: error) != .success,
                let code = AuditCommand.monitoringUsageFailure(arguments, message: fullMessage(for: error))
            {
                Foundation.exit(code)
            }
            // Usage errors exit 2 (DESIGN.md), not ArgumentParser's 64; help and --version keep 0.
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data(UsageError.lines(message(for: error), arguments: arguments).utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
