extension SessionError: UserFacingError {
    /// All of these are about input (a profile, a code, a flag, the terminal) rather than AWS failing.
    public var failureKind: MFAGuardFailure.Kind { .input }
}
