import AWSClient
import AWSConfigFiles
import MFAGuardConsole

extension ConfigError: UserFacingError {
    public var failureKind: MFAGuardFailure.Kind { .input }
}

extension CredentialError: UserFacingError {
    public var failureKind: MFAGuardFailure.Kind { .input }
}

extension AWSServiceError: UserFacingError {
    public var failureKind: MFAGuardFailure.Kind { .aws }
}

extension AWSConnectionError: UserFacingError {
    public var failureKind: MFAGuardFailure.Kind { .aws }
}

extension AtomicFile.WriteError: UserFacingError {
    public var failureKind: MFAGuardFailure.Kind { .input }
}
