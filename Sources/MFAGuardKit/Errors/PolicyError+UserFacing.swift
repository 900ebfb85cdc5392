import IAMPolicy
import MFAGuardConsole

extension PolicyError: UserFacingError {
    /// A policy that cannot be read is bad input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}

/// A policy file that could not be read or parsed, named by its path.
public struct PolicyFileError: UserFacingError, Sendable {
    /// The file as the user named it.
    public let path: String
    /// Why it could not be used (I/O error or parse error).
    public let reason: String

    /// An error for the file at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// Bad input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
    /// `PATH: REASON`.
    public var description: String { "\(path): \(reason)" }
}
