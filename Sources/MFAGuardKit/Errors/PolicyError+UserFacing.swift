import IAMPolicy
import MFAGuardConsole

extension PolicyError: UserFacingError {
    /// A policy that cannot be read is bad input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}

/// A policy file that could not be read or parsed, named by its path.
public struct PolicyFileError: UserFacingError, Sendable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var failureKind: MFAGuardFailure.Kind { .input }
    public var description: String { "\(path): \(reason)" }
}
