import MFAGuardConsole
import OTP

/// Where the two consecutive codes of `EnableMFADevice` and `ResyncMFADevice` come from.
public enum AuthenticationCodeSource: Sendable, Equatable {
    /// Given on the command line (`--code1`, `--code2`).
    case given(String, String)
    /// Computed from the seed in this file (Base32 or an `otpauth://` URI), for automation.
    case secretFile(String)
    /// Computed from the seed of the device just created (`enroll` for service accounts).
    case newDeviceSeed
    /// Asked for on the terminal.
    case prompt
}

/// Checks and obtains authentication codes.
public enum AuthenticationCodes {
    /// AWS's virtual and hardware TOTP devices show six digits.
    public static func isWellFormed(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// - Throws: `MFAGuardFailure(.input)` naming the first malformed code.
    public static func checkFormat(_ first: String, _ second: String) throws(MFAGuardFailure) {
        for (name, code) in [("first", first), ("second", second)] where !isWellFormed(code) {
            throw MFAGuardFailure(.input, "the \(name) code '\(code)' is not 6 digits")
        }
    }

    /// The codes of the previous and the current time step: both already shown by the device, so AWS
    /// accepts them without waiting for the next step.
    public static func computed(by totp: TOTP, at unixTime: Int64) throws(OTPError) -> (String, String) {
        try totp.consecutiveCodes(at: max(0, unixTime - Int64(totp.period)))
    }

    /// Whether `first`, `second` are consecutive codes of `totp` within two steps of `unixTime` (the time the
    /// person took to type them).
    public static func areConsecutive(_ first: String, _ second: String, of totp: TOTP, near unixTime: Int64) -> Bool {
        ((try? totp.consecutiveStep(first: first, second: second, near: unixTime, window: 2)) ?? nil) != nil
    }

    /// Asks for two codes on `console`'s terminal, up to three times: each pair must be well formed and,
    /// when the seed is known (`totp`), consecutive.
    public static func prompt(
        on console: Console, serialNumber: String, totp: TOTP?, now: @Sendable () -> Int64
    ) async throws -> (String, String) {
        guard console.canPrompt else {
            throw MFAGuardFailure(
                .input, "no terminal to ask for the codes of \(serialNumber) on; pass --code1/--code2 or --secret-file")
        }
        var attempt = 1
        while true {
            let first = try await console.ask("First code of \(serialNumber): ", purpose: "the first code")
            let second = try await console.ask(
                "Wait for the next code, then enter it: ", purpose: "the second code")
            do {
                try checkFormat(first, second)
                if let totp, !areConsecutive(first, second, of: totp, near: now()) {
                    throw MFAGuardFailure(
                        .input,
                        "the codes are not two consecutive codes of this device: enter the current code, wait "
                            + "until it changes, then enter the new one (and check the clock of the phone)")
                }
                return (first, second)
            } catch {
                guard attempt < 3 else { throw error }
                Console.error("\(error) — try again\n")
                attempt += 1
            }
        }
    }
}
