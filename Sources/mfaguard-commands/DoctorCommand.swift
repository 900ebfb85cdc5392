import AWSClient
import ArgumentParser
import Foundation
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard doctor [--json]`: local hygiene checks, each problem with the command that fixes it.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check local AWS hygiene: plaintext keys, loose file modes, broken credential_process, expired sessions.",
        discussion: """
            Reads ~/.aws (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), the environment and the session \
            cache; changes nothing. Exit 0 when clean, 1 when something was found, 2 on a config file that \
            cannot be parsed.
            """
    )

    @Flag(help: "Print JSON: {\"clean\": BOOL, \"findings\": [...]}.")
    var json = false

    func run() throws {
        let findings = try Doctor.check(environment: .current)
        Console.outputLine(json ? Doctor.json(findings) : Doctor.table(findings))
        if !findings.isEmpty { throw MFAGuardFailure(.findings) }
    }
}
