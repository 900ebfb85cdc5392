/// A source of credentials. The seam between the client and the credential chain.
public protocol CredentialsProvider: Sendable {
    /// Current credentials; providers of temporary credentials refresh them before they expire.
    func credentials() async throws -> AWSCredentials
}

/// Credentials known up front (environment, static profile keys, tests).
public struct StaticCredentialsProvider: CredentialsProvider {
    /// The credentials returned every time, never refreshed.
    public let value: AWSCredentials
    /// A provider that always returns `value`.
    public init(_ value: AWSCredentials) { self.value = value }
    /// `value`; never throws.
    public func credentials() async throws -> AWSCredentials { value }
}

/// For a client that makes only unsigned calls (`AssumeRoleWithWebIdentity`): asking it for
/// credentials is a programming error, reported as one instead of signing with empty keys.
struct UnsignedCallsOnly: CredentialsProvider {
    func credentials() async throws -> AWSCredentials {
        throw CredentialError("internal error: a client for unsigned calls was asked to sign a request")
    }
}
