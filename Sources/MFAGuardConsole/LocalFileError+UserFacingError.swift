import LocalFiles

extension LocalFileError: UserFacingError {
    /// A file that cannot be read or written is an input error (exit 2): the user named it.
    public var failureKind: MFAGuardFailure.Kind { .input }
}

extension MFAGuardFailure {
    /// The input failure (exit 2) for a file that could not be read or written.
    public init(_ error: LocalFileError) { self.init(.input, error.description) }
}
