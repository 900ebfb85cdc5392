import AWSClient
import ArgumentParser
import Foundation
import MFAGuardKit
import QuickCommands

/// `credential-process`, which the AWS SDKs run for every client they create, read without
/// ArgumentParser when its arguments are in the plain forms below. (`--version`, `totp` and `qr` never
/// get here in plain form: the small `mfaguard` executable runs them itself, see `QuickCommand`.)
///
/// Why: ArgumentParser reflects over every command (`Mirror`, dynamic casts that each scan the binary's
/// ~6,500 protocol conformance records), which took 4 to 5 ms of a warm `credential-process`'s 11 ms.
/// Even setting the command struct's properties directly (no parsing) instantiated the generic
/// metadata of its property wrappers (another millisecond). So this fills in the plain
/// `CredentialProcessRequest` that `CredentialProcessCommand` also fills in, checks it with the same
/// `invalidity` and runs the same `run()`; nothing about what the command does is duplicated.
///
/// Accepted: `--name value` options and `--flag` flags of the command, each at most once
/// (`PlainArguments`). Anything else — `--help`, `-h`, `--name=value`, a repeated or unknown
/// option, a value that starts with `-`, a number that does not parse, a failed `validate()` — is
/// left to ArgumentParser, which then gives its usual help and error messages. `MFAGUARD_FULL_PARSER=1`
/// turns this off (the tests compare both paths).
enum QuickPath {
    /// The request of `credential-process` with plain arguments that pass validation; nil to let
    /// ArgumentParser parse `arguments` (program name excluded).
    static func credentialProcess(_ arguments: [String]) -> CredentialProcessRequest? {
        guard arguments.first == "credential-process", getenv("MFAGUARD_FULL_PARSER") == nil,
            let input = PlainArguments(
                arguments.dropFirst(),
                options: OptionName.credentialProcessOptions, flags: OptionName.credentialProcessFlags)
        else { return nil }
        var request = CredentialProcessRequest(
            options: SessionOptions(
                profile: input.options["--" + OptionName.profile], region: input.options["--" + OptionName.region],
                endpointURL: input.options["--" + OptionName.endpointURL]))
        request.debug = input.flags.contains("--" + OptionName.debug)
        request.roleARN = input.options["--" + OptionName.roleARN]
        request.duration = input.options["--" + OptionName.duration]
        request.minRemaining = input.options["--" + OptionName.minRemaining] ?? request.minRemaining
        request.noChain = input.flags.contains("--" + OptionName.noChain)
        request.readByQuickPath = true
        return request.invalidity == nil ? request : nil
    }
}
