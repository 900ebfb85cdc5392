import AWSClient
import MFAGuardConsole

/// The MFA code of a role profile (`mfa_serial`), asked for on the console's terminal (`/dev/tty`,
/// never stdout, so `$(…)` and pipes keep working) when the credential chain needs it.
public struct ConsoleCodePrompt: MFACodeProvider {
    /// The console to ask on.
    public var console: Console

    /// A prompt on `console`'s terminal.
    public init(console: Console = .standard) { self.console = console }

    /// Asks for the code of `serialNumber`.
    /// - Throws: `PromptError.noTerminal`, with the way to do without a terminal, when there is none.
    public func code(serialNumber: String, profile: String) async throws -> String {
        try await console.ask(
            "Enter MFA code for \(serialNumber): ", purpose: "the MFA code of profile '\(profile)'",
            hint: "run in a terminal, or take the session into the environment first: "
                + "eval \"$(mfaguard session --profile \(profile) --code CODE --export)\" and run without --profile")
    }
}
