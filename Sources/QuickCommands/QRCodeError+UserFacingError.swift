import MFAGuardConsole
import QRCode

/// Text too long for a QR code, or a bad rendering parameter, is the user's input: exit 2.
extension QRCodeError: UserFacingError {
    /// Always input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}
