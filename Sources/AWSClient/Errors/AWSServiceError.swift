/// An error response from an AWS service (after retries), with the service's own code string.
public struct AWSServiceError: Error, Sendable, CustomStringConvertible {
    /// The error code AWS sent (`AccessDenied`, `NoSuchEntity`, `Throttling`, …).
    public var code: String
    /// The service's message, unsanitized (`description` sanitizes it); may be empty.
    public var message: String
    /// The request id from the error body or the `x-amzn-RequestId` header; `nil` when there is none.
    public var requestID: String?
    /// The HTTP status code of the error response (e.g. 400, 403, 503).
    public var httpStatus: Int
    /// The operation that failed, `Service.Action` (e.g. `IAM.GetUser`).
    public var operation: String

    /// An error with the parts of the service's answer; `description` sanitizes them when shown.
    public init(code: String, message: String, requestID: String?, httpStatus: Int, operation: String) {
        self.code = code
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
        self.operation = operation
    }

    /// One line: the code, the request id and the message come from the server, so they are stripped of
    /// control characters and cut to a bounded length (`TerminalText`).
    public var description: String {
        var text = "\(operation) failed: \(TerminalText.sanitized(code, limit: 100))"
        if !message.isEmpty { text += ": \(TerminalText.sanitized(message, limit: TerminalText.messageLimit))" }
        if let hint = Self.hint(for: code) { text += " (\(hint))" }
        if let requestID { text += " [request id \(TerminalText.sanitized(requestID, limit: 100))]" }
        return text
    }

    /// What a user can do about the common credential problems.
    static func hint(for code: String) -> String? {
        switch code {
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
            "the session has expired: get new credentials, e.g. with 'mfaguard session'"
        case "InvalidClientTokenId", "UnrecognizedClientException":
            "the access key is not valid in this account or partition"
        case "SignatureDoesNotMatch":
            "the secret access key does not match the access key id"
        case "RequestTimeTooSkewed":
            "this machine's clock is off: check its time synchronisation"
        default: nil
        }
    }
}

/// The endpoint could not be reached, or answered with something that is not an AWS response.
public struct AWSConnectionError: Error, Sendable, CustomStringConvertible {
    /// The operation that failed, `Service.Action` (e.g. `STS.GetCallerIdentity`).
    public var operation: String
    /// What went wrong (DNS, TLS, timeout, a malformed answer); may quote the server, so unsanitized.
    public var message: String
    /// Attempts made, the first included; `description` mentions them when more than one.
    public var attempts: Int

    /// An error for `operation` after `attempts` tries.
    public init(operation: String, message: String, attempts: Int) {
        self.operation = operation
        self.message = message
        self.attempts = attempts
    }

    /// One line; the message may quote the server (a status line, a header), so it is sanitized too.
    public var description: String {
        "\(operation) failed: \(TerminalText.sanitized(message, limit: 2 * TerminalText.messageLimit))"
            + (attempts > 1 ? " (after \(attempts) attempts)" : "")
    }
}

/// No usable credentials, or a credential source that failed (a process, an MFA prompt, a chain).
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    /// The message shown to the user, complete as given (nothing is prefixed or added).
    public var description: String
    /// An error with the message shown to the user as is.
    public init(_ description: String) { self.description = description }
}
