import IAMPolicy

/// What kind of MFA device a serial number names, as IAM writes them
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html>).
public enum MFADeviceKind: String, Sendable, Codable, CaseIterable {
    /// A virtual (authenticator app) device: `arn:aws:iam::ACCOUNT:mfa/NAME`.
    case virtual
    /// A FIDO security key or passkey: `arn:aws:iam::ACCOUNT:u2f/…`.
    case fido
    /// A hardware TOTP token, named by its printed serial (`GAHT12345678`), not an ARN.
    case hardwareTOTP = "hardware-totp"
    /// A legacy SMS device: `arn:aws:iam::ACCOUNT:sms-mfa/…`.
    case sms
    /// An ARN of a resource type IAM did not use for MFA devices when this was written.
    case unknown

    /// The kind of the device `serialNumber` names.
    public static func classify(serialNumber: String) -> MFADeviceKind {
        guard serialNumber.hasPrefix("arn:") else { return serialNumber.isEmpty ? .unknown : .hardwareTOTP }
        // arn:PARTITION:iam::ACCOUNT:RESOURCE-TYPE/NAME
        guard let arn = ARN(serialNumber), arn.service == "iam" else { return .unknown }
        switch arn.resourceType {
        case "mfa": return .virtual
        case "u2f": return .fido
        case "sms-mfa": return .sms
        default: return .unknown
        }
    }

    /// The name people read in a table.
    public var displayName: String {
        switch self {
        case .virtual: "virtual"
        case .fido: "FIDO security key/passkey"
        case .hardwareTOTP: "hardware TOTP"
        case .sms: "SMS"
        case .unknown: "unknown"
        }
    }

    /// Whether the device produces TOTP codes that `EnableMFADevice` and `ResyncMFADevice` take.
    public var takesCodes: Bool { self == .virtual || self == .hardwareTOTP }
}
