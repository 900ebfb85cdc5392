import ArgumentParser
import MFAGuardConsole
import MFAGuardKit
import QuickCommands

/// `mfaguard totp`: prints the current (or a given time's) code of a TOTP seed.
struct TOTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp",
        abstract: "Print the TOTP code (RFC 6238) of a virtual MFA device's seed.",
        discussion: """
            The seed, Base32 or an otpauth:// URI, is read from --secret-file or from standard input, \
            never from an argument, so it does not show in the process list. Options override the URI's \
            parameters.
            """
    )

    @Option(
        name: .customLong(TOTPCodeRequest.OptionName.secretFile),
        help: "File holding the Base32 seed or otpauth:// URI (default: stdin).")
    var secretFile: String?

    @Option(
        name: .customLong(TOTPCodeRequest.OptionName.time),
        help: "Unix time in seconds to compute the code for (default: now).")
    var time: Int64?

    @Option(name: .customLong(TOTPCodeRequest.OptionName.digits), help: "Digits per code, 6 to 8 (default: 6).")
    var digits: Int?

    @Option(
        name: .customLong(TOTPCodeRequest.OptionName.algorithm),
        help: "HMAC algorithm: SHA1, SHA256 or SHA512 (default: SHA1).")
    var algorithm: String?

    @Option(name: .customLong(TOTPCodeRequest.OptionName.period), help: "Time step in seconds (default: 30).")
    var period: Int?

    func run() throws {
        let request = TOTPCodeRequest(
            source: secretFile.map { .file($0) } ?? .standardInput,
            time: time, digits: digits, algorithm: algorithm, period: period
        )
        Console.outputLine(try TOTPCodeGenerator.system.code(for: request))
    }
}
