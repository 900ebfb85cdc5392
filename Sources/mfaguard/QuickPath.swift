import ArgumentParser
import Foundation

/// The commands that scripts and the AWS SDKs run in tight loops — `--version`, `totp`, `qr`, and
/// `credential-process` (run by the SDK for every client it creates) — read without ArgumentParser
/// when their arguments are in the plain forms below.
///
/// Why: ArgumentParser reflects over every command (`Mirror`, dynamic casts that each scan the binary's
/// ~6,500 protocol conformance records), which took 4 to 5 ms of a warm `credential-process`'s 11 ms.
/// Here the same command structs get their properties set directly, then run their own `validate()`
/// and `run()`; nothing about what a command does is duplicated.
///
/// Accepted: `--name value` options and `--flag` flags of the command, each at most once, and its
/// positional arguments. Anything else — `--help`, `-h`, `--name=value`, a repeated or unknown
/// option, a value that starts with `-`, a number that does not parse, a failed `validate()` — is
/// left to ArgumentParser, which then gives its usual help and error messages. `MFAGUARD_FULL_PARSER=1`
/// turns this off (the tests compare both paths).
enum QuickPath {
    /// The parsed command, or nil to let ArgumentParser parse `arguments` (program name excluded).
    static func command(_ arguments: [String]) -> sending (any ParsableCommand)? {
        guard let name = arguments.first, isEnabled else {
            return nil
        }
        let rest = arguments.dropFirst()
        let command: (any ParsableCommand)?
        switch name {
        case "totp": command = totp(rest)
        case "qr": command = qr(rest)
        case "credential-process": command = credentialProcess(rest)
        default: command = nil
        }
        guard var command, (try? command.validate()) != nil else { return nil }
        return command
    }

    /// `mfaguard --version` alone.
    static func isVersionRequest(_ arguments: [String]) -> Bool {
        arguments == ["--version"] && isEnabled
    }

    /// `getenv`, not `ProcessInfo.environment`, which copies the whole environment into a dictionary.
    private static var isEnabled: Bool { getenv("MFAGUARD_FULL_PARSER") == nil }

    private static func totp(_ arguments: ArraySlice<String>) -> TOTPCommand? {
        guard
            let input = PlainArguments(
                arguments, options: ["--secret-file", "--time", "--digits", "--algorithm", "--period"])
        else { return nil }
        // Every property is set, given or not: an unparsed ArgumentParser property cannot be read.
        var time: Int64?
        var digits: Int?
        var period: Int?
        guard input.number("--time", into: &time), input.number("--digits", into: &digits),
            input.number("--period", into: &period)
        else { return nil }
        var command = TOTPCommand()
        command.secretFile = input.options["--secret-file"]
        command.algorithm = input.options["--algorithm"]
        command.time = time
        command.digits = digits
        command.period = period
        return command
    }

    private static func qr(_ arguments: ArraySlice<String>) -> QRCommand? {
        guard
            let input = PlainArguments(
                arguments, options: ["--png", "--svg", "--correction", "--scale", "--border"],
                flags: ["--invert", "--no-color"], positionals: 1),
            let text = input.positionals.first
        else { return nil }
        var command = QRCommand()
        command.text = text
        command.png = input.options["--png"]
        command.svg = input.options["--svg"]
        command.correction = input.options["--correction"] ?? QRCommand.defaultCorrection
        var scale: Int? = QRCommand.defaultScale
        var border: Int? = QRCommand.defaultBorder
        guard input.number("--scale", into: &scale), input.number("--border", into: &border), let scale, let border
        else { return nil }
        command.scale = scale
        command.border = border
        command.invert = input.flags.contains("--invert")
        command.noColor = input.flags.contains("--no-color")
        return command
    }

    private static func credentialProcess(_ arguments: ArraySlice<String>) -> CredentialProcessCommand? {
        guard
            let input = PlainArguments(
                arguments,
                options: ["--profile", "--region", "--endpoint-url", "--role-arn", "--duration", "--min-remaining"],
                flags: ["--debug", "--no-color", "--no-chain"])
        else { return nil }
        var command = CredentialProcessCommand()
        var global = GlobalOptions()
        global.profile = input.options["--profile"]
        global.region = input.options["--region"]
        global.endpointURL = input.options["--endpoint-url"]
        global.debug = input.flags.contains("--debug")
        global.noColor = input.flags.contains("--no-color")
        command.global = global
        command.roleArn = input.options["--role-arn"]
        command.duration = input.options["--duration"]
        command.minRemaining = input.options["--min-remaining"] ?? CredentialProcessCommand.defaultMinRemaining
        command.noChain = input.flags.contains("--no-chain")
        return command
    }
}

/// Arguments in the plain forms `QuickPath` accepts; nil for anything else.
struct PlainArguments {
    var options: [String: String] = [:]
    var flags: [String] = []
    var positionals: [String] = []

    // Arrays, not sets: a handful of names, and no hashing set-up in a process that lives 3 ms.
    init?(
        _ arguments: ArraySlice<String>, options names: [String], flags flagNames: [String] = [],
        positionals limit: Int = 0
    ) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if names.contains(argument) {
                guard index < arguments.endIndex, options[argument] == nil else { return nil }
                let value = arguments[index]
                guard !value.hasPrefix("-") else { return nil }
                options[argument] = value
                index += 1
            } else if flagNames.contains(argument) {
                guard !flags.contains(argument) else { return nil }
                flags.append(argument)
            } else if argument == "-" || !argument.hasPrefix("-") {
                guard positionals.count < limit else { return nil }
                positionals.append(argument)
            } else {
                return nil
            }
        }
    }

    /// Sets `value` from option `name` when given; false when it is given but is not a number.
    func number<Number: FixedWidthInteger>(_ name: String, into value: inout Number?) -> Bool {
        guard let text = options[name] else { return true }
        guard let number = Number(text) else { return false }
        value = number
        return true
    }
}
