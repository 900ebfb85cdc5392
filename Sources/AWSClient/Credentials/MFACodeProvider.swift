/// Where an MFA code comes from when a profile needs one (`mfa_serial` on a role profile). AWSClient
/// asks no questions itself: MFAGuardKit's `ConsoleCodePrompt` asks on the terminal.
public protocol MFACodeProvider: Sendable {
    /// The current code of the device `serialNumber`, asked for on behalf of `profile`.
    func code(serialNumber: String, profile: String) async throws -> String
}
