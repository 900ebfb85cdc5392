import Foundation

/// A set of AWS credentials: long-term keys, or temporary ones with a session token and an expiry.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key id (`AKIA…` long-term, `ASIA…` temporary); not secret.
    public var accessKeyID: String
    /// The secret key; never printed (`description` redacts it).
    public var secretAccessKey: String
    /// The session token of temporary credentials; `nil` for long-term keys. Never printed.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?

    /// Credentials from their parts; no check that they are valid.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// True when the credentials expire within `margin` of `now`.
    public func expires(within margin: TimeInterval, of now: Date) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never shows the secret key or the token, so credentials can be interpolated into logs safely.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>") + ")"
    }
    /// The same redacted text as `description`.
    public var debugDescription: String { description }
}
