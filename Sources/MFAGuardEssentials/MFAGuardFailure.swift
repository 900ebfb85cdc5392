/// What went wrong, in one line for the user, and which documented exit code it ends with.
public struct MFAGuardFailure: Error, CustomStringConvertible, Sendable {
    /// The error kinds of DESIGN.md's "Exit codes".
    public enum Kind: Sendable {
        /// Findings at or above `--fail-on` (exit 1).
        case findings
        /// Usage or input error: a bad file, flag, profile or code (exit 2).
        case input
        /// AWS/API error after retries, or the endpoint could not be reached (exit 3).
        case aws
        /// Some data could not be collected (exit 4).
        case partial
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Wraps an error of one of mfaguard's modules; `nil` for errors nobody classified.
    public init?(wrapping error: any Error) {
        guard let classified = error as? any UserFacingError else { return nil }
        self.init(classified.failureKind, classified.description)
    }

    public var description: String { message }

    public var exitCode: Int32 {
        switch kind {
        case .findings: 1
        case .input: 2
        case .aws: 3
        case .partial: 4
        }
    }
}

/// An error whose description is the one line a user sees, and whose kind picks the exit code.
/// Each module's error type conforms beside it: the pure ones in MFAGuardEssentials
/// (`OTPError+UserFacingError.swift`, …), AWSClient's and IAMPolicy's in `MFAGuardKit/Errors/`.
public protocol UserFacingError: Error, CustomStringConvertible {
    var failureKind: MFAGuardFailure.Kind { get }
}

extension MFAGuardFailure: UserFacingError {
    /// Its own kind: wrapping an `MFAGuardFailure` gives it back unchanged.
    public var failureKind: Kind { kind }
}
