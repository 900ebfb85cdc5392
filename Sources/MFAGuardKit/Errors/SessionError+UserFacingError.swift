import MFAGuardConsole

extension SessionError: UserFacingError {
    /// About input (a profile, a code, a flag, the terminal), except an AWS answer that cannot be
    /// trusted, which is an AWS/API error (exit 3).
    public var failureKind: MFAGuardFailure.Kind {
        if case .untrustworthyAnswer = self { return .aws }
        return .input
    }
}
