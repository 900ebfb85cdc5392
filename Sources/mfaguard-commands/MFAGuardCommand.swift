import AWSClient
import ArgumentParser
import Foundation
import KeyStore
import MFAGuardConsole
import MFAGuardKit

/// The `mfaguard` root command: lists the command groups and turns errors into the documented exit codes.
@main
struct MFAGuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfaguard",
        abstract: "Make multi-factor authentication mandatory and verifiable across AWS accounts.",
        discussion: ServerCommandAbstracts.helpSection,
        version: MFAGuardVersion.current,
        subcommands: [
            AuditCommand.self, EnforceCommand.self, SnapshotCommand.self, WhoamiCommand.self, DeviceCommand.self,
            SessionCommand.self, CredentialProcessCommand.self, ConfigureCommand.self, PolicyCommand.self,
            TOTPCommand.self, QRCommand.self, ExecCommand.self, DoctorCommand.self, KeysCommand.self,
        ]
    )

    /// Runs the parsed command; every error ends in one `mfaguard:` line on stderr and the exit status
    /// of its kind (`ExitStatus.of(_:)`, the README's table).
    static func main() async {
        // Before anything reads a credential: see `CoreDumps`.
        CoreDumps.disable()
        // Profiles whose long-term keys are in the key store get them from there (`mfaguard keys`).
        LongTermKeySources.install(KeyStoreKeySource.standard)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let unknown = UsageError.unknownHelpTopic(arguments) {
            Console.error(unknown)
            Foundation.exit(ExitStatus.of(.usage))
        }
        do {
            if let request = QuickPath.credentialProcess(arguments) {
                Console.outputLine(try await request.run())
                return
            }
            // `session list` and `session clear` beside `session [options]`, whose help and parsing stay as they were.
            var command: any ParsableCommand
            if arguments.count >= 2, arguments[0] == "session", arguments[1] == "list" {
                command = try SessionListCommand.parseAsRoot(Array(arguments.dropFirst(2)))
            } else if arguments.count >= 2, arguments[0] == "session", arguments[1] == "clear" {
                command = try SessionClearCommand.parseAsRoot(Array(arguments.dropFirst(2)))
            } else {
                command = try parseAsRoot(arguments)
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let failure = MFAGuardFailure(wrapping: error) {
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
                Console.error(UsageError.lines(message(for: error), arguments: arguments))
                Foundation.exit(ExitStatus.of(.usage))
            }
            exit(withError: error)
        }
    }
}

extension MFAGuardFailure {
    /// Its message as one `mfaguard:` line on stderr, whatever the message holds: an error may quote a
    /// server or a file, and a control character in it must not forge a second line or drive the
    /// terminal (`TerminalText`). Nothing when the message is empty (the command has said it already).
    func report() {
        guard !message.isEmpty else { return }
        Console.report(TerminalText.sanitized(message, limit: 4000))
    }
}
