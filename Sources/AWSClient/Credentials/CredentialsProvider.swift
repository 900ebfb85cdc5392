/// A source of credentials. The seam between the client and the credential chain.
public protocol CredentialsProvider: Sendable {
    /// Current credentials; providers of temporary credentials refresh them before they expire.
    func credentials() async throws -> AWSCredentials
}

/// Credentials known up front (environment, static profile keys, tests).
public struct StaticCredentialsProvider: CredentialsProvider {
    public let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() async throws -> AWSCredentials { value }
}
