import AWSClient
import ArgumentParser
import Foundation
import MFAGuardKit

/// The one place where errors become exit codes (DESIGN.md, "Exit codes"):
/// 2 usage or input error, 3 AWS/API error after retries. Argument-parser errors (usage, `--help`,
/// `--version`) are left to ArgumentParser, which already exits 64→2 style with its own message.
struct CommandFailure {
    let message: String
    let exitCode: Int32

    init?(_ error: Error) {
        switch error {
        case let error as ExitCode:
            // A command that decided its own exit status (audit findings, Nagios states).
            self.message = ""
            self.exitCode = error.rawValue
        case let error as MFAGuardFailure:
            self.message = error.description
            self.exitCode = error.exitCode
        default:
            if let mapped = MFAGuardFailure(wrapping: error) {
                self.message = mapped.description
                self.exitCode = mapped.exitCode
            } else {
                return nil
            }
        }
    }

    /// One line on stderr, whatever the message holds: an error may quote a server or a file, and a
    /// control character in it must not forge a second line or drive the terminal (`TerminalText`).
    func report() {
        guard !message.isEmpty else { return }
        FileHandle.standardError.write(Data("mfaguard: \(TerminalText.sanitized(message, limit: 4000))\n".utf8))
    }
}
