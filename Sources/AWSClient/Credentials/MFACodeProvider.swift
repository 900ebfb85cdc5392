import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an MFA code comes from when a profile needs one (`mfa_serial` on a role profile).
public protocol MFACodeProvider: Sendable {
    /// The current code of the device `serialNumber`, asked for on behalf of `profile`.
    func code(serialNumber: String, profile: String) async throws -> String
}

/// Asks on the controlling terminal (`/dev/tty`), never on stdout, so `$(…)` and pipes keep working.
public struct TerminalCodePrompt: MFACodeProvider {
    public init() {}

    public func code(serialNumber: String, profile: String) async throws -> String {
        try Terminal.ask(
            "Enter MFA code for \(serialNumber): ", purpose: "the MFA code of profile '\(profile)'",
            hint: "run in a terminal, or take the session into the environment first: "
                + "eval \"$(mfaguard session --profile \(profile) --code CODE --export)\" and run without --profile")
    }
}

/// Line-based questions on `/dev/tty`.
public enum Terminal {
    /// Writes `prompt` to the terminal and reads one line back (without its newline). Throws a
    /// `CredentialError` naming `purpose` and `hint` (what the user can do instead, in words that name
    /// only options of the running command) when there is no terminal.
    public static func ask(_ prompt: String, purpose: String, hint: String? = nil, path: String = "/dev/tty") throws
        -> String
    {
        let fd = open(path, O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CredentialError(
                "no terminal to ask for \(purpose) (\(path) cannot be opened)" + (hint.map { "; \($0)" } ?? ""))
        }
        defer { close(fd) }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `/dev/tty` can be opened (a prompt is possible).
    public static var isAvailable: Bool {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }
}
