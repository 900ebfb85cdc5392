/// The keys a signature is made with: an access key id and secret, and the session token of
/// temporary credentials. Only what signing needs; `AWSClient.AWSCredentials` (with its expiry) is
/// turned into this for each request.
public struct SigningCredentials: Sendable, Hashable {
    /// The access key id, which goes into the credential scope in clear.
    public var accessKeyID: String
    /// The secret access key, from which the signing key is derived; never sent.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Keys for a signer; `sessionToken` only for temporary credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension SigningCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never shows the secret key or the token, so a signer can be interpolated into logs safely.
    public var description: String {
        "SigningCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>") + ")"
    }
    /// The same as `description`: no secret in a debugger's or test's output either.
    public var debugDescription: String { description }
}
