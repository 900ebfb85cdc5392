/// What went wrong, in one line for the user, and which documented exit status it ends with: the one
/// error type commands throw to end with a status other than 0.
public struct MFAGuardFailure: Error, CustomStringConvertible, Sendable {
    /// The outcomes of the exit-status table (README, "Exit codes"; DESIGN.md): each kind has one exit
    /// status, given by `ExitStatus.of(_:)`.
    public enum Kind: Sendable, CaseIterable {
        /// Findings at or above `--fail-on` (audit), or lint findings (exit 1).
        case findings
        /// The command line is wrong: a bad flag, option value or command name (exit 2).
        case usage
        /// Input error: a bad file, profile, policy or code, or a question without a terminal (exit 2).
        case input
        /// AWS/API error after retries, or the endpoint could not be reached (exit 3).
        case aws
        /// Some data could not be collected; the report says what (exit 4).
        case partial
        /// Interrupted (Ctrl-C) after cleaning up, as a shell reports a SIGINT (exit 130).
        case interrupted
    }

    /// Which outcome this is.
    public let kind: Kind
    /// The line for the user, without the `mfaguard:` prefix; empty when the command has already said
    /// what happened (a report that shows the findings, lines naming what was not collected).
    public let message: String
    /// The status a report format decides instead of the table's (`audit --format nagios`: the plugin
    /// states 0-3); nil for the status of `kind`.
    public let reportStatus: Int32?

    /// A failure of `kind` with `message` (empty: already said); `reportStatus` replaces the status of
    /// `kind` where a report format has its own convention.
    public init(_ kind: Kind, _ message: String = "", reportStatus: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.reportStatus = reportStatus
    }

    /// Wraps an error of one of mfaguard's modules; `nil` for errors nobody classified.
    public init?(wrapping error: any Error) {
        if let failure = error as? MFAGuardFailure {
            self = failure
            return
        }
        guard let classified = error as? any UserFacingError else { return nil }
        self.init(classified.failureKind, classified.description)
    }

    /// The message.
    public var description: String { message }

    /// The status to exit with: `reportStatus`, else `ExitStatus.of(kind)`.
    public var exitCode: Int32 { reportStatus ?? ExitStatus.of(kind) }
}

/// The exit statuses of both executables (`mfaguard` and `mfaguard-commands`): the README's table of exit
/// codes, which a test compares with `of(_:)` row by row.
public enum ExitStatus {
    /// Everything went as asked (audit: no finding at or above `--fail-on`).
    public static let success: Int32 = 0

    /// The one mapping from an outcome to its exit status.
    public static func of(_ kind: MFAGuardFailure.Kind) -> Int32 {
        switch kind {
        case .findings: 1
        case .usage, .input: 2
        case .aws: 3
        case .partial: 4
        case .interrupted: 130
        }
    }
}

/// An error whose description is the one line a user sees, and whose kind picks the exit status.
/// Each module's error type conforms beside it: the pure ones in QuickCommands (`OTPError+UserFacingError.swift`,
/// …) and MFAGuardConsole (`LocalFileError`); AWSClient's, AWSConfigFiles' and IAMPolicy's in `MFAGuardKit/Errors/`.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// The outcome this error ends the command with.
    var failureKind: MFAGuardFailure.Kind { get }
}

extension MFAGuardFailure: UserFacingError {
    /// Its own kind: wrapping an `MFAGuardFailure` gives it back unchanged.
    public var failureKind: Kind { kind }
}
