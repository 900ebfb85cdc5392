import AWSClient
import AWSConfigFiles
import MFAGuardConsole

extension ConfigError: UserFacingError {
    /// A bad or missing AWS config/credentials file entry is input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}

extension CredentialError: UserFacingError {
    /// Credentials that cannot be resolved are input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}

extension AWSServiceError: UserFacingError {
    /// An error AWS answered, after retries (exit 3).
    public var failureKind: MFAGuardFailure.Kind { .aws }
}

extension AWSConnectionError: UserFacingError {
    /// An endpoint that could not be reached, after retries (exit 3).
    public var failureKind: MFAGuardFailure.Kind { .aws }
}

extension AtomicFile.WriteError: UserFacingError {
    /// A local file that could not be written is input (exit 2).
    public var failureKind: MFAGuardFailure.Kind { .input }
}
