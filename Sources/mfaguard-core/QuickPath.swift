import ArgumentParser
import Foundation
import MFAGuardKit

/// `credential-process`, which the AWS SDKs run for every client they create, read without
/// ArgumentParser when its arguments are in the plain forms below. (`--version`, `totp` and `qr` never
/// get here in plain form: the small `mfaguard` executable runs them itself, see `QuickCommand`.)
///
/// Why: ArgumentParser reflects over every command (`Mirror`, dynamic casts that each scan the binary's
/// ~6,500 protocol conformance records), which took 4 to 5 ms of a warm `credential-process`'s 11 ms.
/// Here the same command structs get their properties set directly, then run their own `validate()`
/// and `run()`; nothing about what a command does is duplicated.
///
/// Accepted: `--name value` options and `--flag` flags of the command, each at most once
/// (`PlainArguments`). Anything else — `--help`, `-h`, `--name=value`, a repeated or unknown
/// option, a value that starts with `-`, a number that does not parse, a failed `validate()` — is
/// left to ArgumentParser, which then gives its usual help and error messages. `MFAGUARD_FULL_PARSER=1`
/// turns this off (the tests compare both paths).
enum QuickPath {
    /// The parsed command, or nil to let ArgumentParser parse `arguments` (program name excluded).
    static func command(_ arguments: [String]) -> sending (any ParsableCommand)? {
        guard arguments.first == "credential-process", isEnabled,
            let command = credentialProcess(arguments.dropFirst()), (try? command.validate()) != nil
        else { return nil }
        return command
    }

    /// `getenv`, not `ProcessInfo.environment`, which copies the whole environment into a dictionary.
    private static var isEnabled: Bool { getenv("MFAGUARD_FULL_PARSER") == nil }

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
