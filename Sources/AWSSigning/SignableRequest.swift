/// The parts of an HTTP request that SigV4 covers. `path` and `query` hold decoded text; the signer
/// encodes them. Header order is kept (repeated headers are joined in order).
public struct SignableRequest: Sendable {
    /// `GET`, `POST`, …; the canonical request upper-cases it.
    public var method: String
    /// The URI path, decoded (`/`, `/a b/c`).
    public var path: String
    /// Query parameters, decoded, in the order they go on the wire.
    public var query: [(String, String)]
    /// Header names and values as they are sent; `Host` must be among them.
    public var headers: [(name: String, value: String)]
    /// The payload, whose SHA-256 goes into the canonical request.
    public var body: [UInt8]

    /// A request to sign; `path` and `query` are decoded text.
    public init(
        method: String, path: String = "/", query: [(String, String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Replaces every header called `name` (case-insensitively) with one header.
    public mutating func setHeader(_ name: String, _ value: String) {
        let lower = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lower }
        headers.append((name, value))
    }

    /// The value of the first header called `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The query as it goes on the wire (`a=b&c=d`, encoded the way SigV4 encodes it).
    public var encodedQuery: String {
        query.map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
    }
}
