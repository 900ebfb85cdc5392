import Foundation

/// An HTTP request as the transport sends it.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The whole URL: scheme, host, port, path and (encoded) query.
    public var url: URL
    /// Headers in the order they are sent; the transport adds `Host` and `Content-Length`.
    public var headers: [(name: String, value: String)]
    /// The body, empty for none.
    public var body: [UInt8]

    /// A request to send.
    public init(method: String, url: URL, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// An HTTP response: status, headers (names lower-cased) and body.
public struct HTTPResponse: Sendable {
    /// The status code (`200`, `503`, …).
    public var status: Int
    /// Headers by lower-cased name; repeated headers joined with `, `.
    public var headers: [String: String]
    /// The body, after any chunked transfer coding is undone.
    public var body: [UInt8]

    /// A response as the transport hands it back.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A failure below HTTP: the request got no response.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// Whether the request can have reached the server.
    public enum Kind: Sendable {
        /// The connection could not be made: the request was never sent, so any call may be retried.
        case connectionFailed
        /// The connection broke or timed out after the request may have been sent: its outcome is unknown.
        case outcomeUnknown
    }

    /// Whether the request can have reached the server.
    public var kind: Kind
    /// What went wrong, in one line (no secrets: proxy passwords are masked).
    public var message: String

    /// A failure of `kind`.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Sends HTTP requests: `SocketTransport` in the product; tests of the service client's retries and
/// paging give scripted answers through it (TestSupport's `ScriptedTransport`).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns its answer, whatever its status; throws only when there is none.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
