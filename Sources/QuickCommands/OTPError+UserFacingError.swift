import MFAGuardConsole
import OTP

/// A bad seed, code parameter or key URI is the user's input: exit 2.
extension OTPError: UserFacingError {
    /// Always input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}
