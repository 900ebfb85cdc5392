import Hashing

/// AWS Signature Version 4, header and query (presigned URL) variants.
///
/// A value type with no I/O and no Foundation: the time is a parameter (`AmzDate`), so tests can sign
/// at the suite's timestamp. The stages carry AWS's names: canonical request, string to sign, signature.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public struct SigV4Signer: Sendable {
    /// The keys to sign with.
    public var credentials: SigningCredentials
    /// The region in the credential scope (`us-east-1` for IAM in the `aws` partition).
    public var region: String
    /// The service's signing name in the credential scope (`iam`, `sts`, `awsssoportal`).
    public var service: String

    /// Variants that differ between services and callers.
    public struct Options: Sendable {
        /// Remove `.`/`..` segments and duplicate slashes from the path (every service but S3).
        public var normalizePath = true
        /// Add `X-Amz-Content-Sha256` with the payload hash (S3-style).
        public var signBody = false
        /// Sign without the session token and add it afterwards (some services, e.g. IoT, want that).
        public var omitSessionToken = false

        /// The variants; the defaults are what every service but S3 wants.
        public init(normalizePath: Bool = true, signBody: Bool = false, omitSessionToken: Bool = false) {
            self.normalizePath = normalizePath
            self.signBody = signBody
            self.omitSessionToken = omitSessionToken
        }
    }

    /// The variants this signer applies.
    public var options: Options

    /// A signer for `service` in `region` with `credentials`.
    public init(credentials: SigningCredentials, region: String, service: String, options: Options = Options()) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    // MARK: Header signing

    /// Signs `request` in place: adds `X-Amz-Date`, `X-Amz-Security-Token` (when there is one),
    /// `X-Amz-Content-Sha256` (with `signBody`) and `Authorization`, for the time `stamp`.
    public func sign(_ request: inout SignableRequest, date stamp: AmzDate) {
        let payloadHash = Self.hexSHA256(request.body)
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        request.setHeader("X-Amz-Date", stamp.full)
        if let token = credentials.sessionToken, !options.omitSessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        if options.signBody {
            request.setHeader("X-Amz-Content-Sha256", payloadHash)
        }
        let canonical = canonicalRequest(request, payloadHash: payloadHash)
        let toSign = stringToSign(canonicalRequest: canonical.text, date: stamp)
        let signature = signature(stringToSign: toSign, date: stamp)
        request.headers.append(
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(stamp)), "
                    + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
            ))
        if let token = credentials.sessionToken, options.omitSessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
    }

    // MARK: Query signing

    /// Presigns `request` for `expires` seconds: adds the `X-Amz-*` query parameters and the signature.
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#sigv4-add-signature-querystring
    public func presign(_ request: inout SignableRequest, expires: Int, date stamp: AmzDate) {
        let signedHeaderNames = Self.canonicalHeaders(request.headers).map(\.name).joined(separator: ";")
        request.query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(stamp))"),
            ("X-Amz-Date", stamp.full),
            ("X-Amz-SignedHeaders", signedHeaderNames),
            ("X-Amz-Expires", String(expires)),
        ]
        if let token = credentials.sessionToken, !options.omitSessionToken {
            request.query.append(("X-Amz-Security-Token", token))
        }
        let canonical = canonicalRequest(request, payloadHash: Self.hexSHA256(request.body))
        let toSign = stringToSign(canonicalRequest: canonical.text, date: stamp)
        request.query.append(("X-Amz-Signature", signature(stringToSign: toSign, date: stamp)))
        if let token = credentials.sessionToken, options.omitSessionToken {
            request.query.append(("X-Amz-Security-Token", token))
        }
    }

    // MARK: Stages

    /// The canonical request and the `SignedHeaders` list it was built with.
    public func canonicalRequest(_ request: SignableRequest, payloadHash: String) -> (
        text: String, signedHeaders: String
    ) {
        let headers = Self.canonicalHeaders(request.headers)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        var text = request.method.uppercased() + "\n"
        text += canonicalPath(request.path) + "\n"
        text += Self.canonicalQuery(request.query) + "\n"
        for header in headers {
            text += header.name + ":" + header.value + "\n"
        }
        text += "\n" + signedHeaders + "\n" + payloadHash
        return (text, signedHeaders)
    }

    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hash of the canonical request.
    public func stringToSign(canonicalRequest: String, date: AmzDate) -> String {
        "AWS4-HMAC-SHA256\n\(date.full)\n\(scope(date))\n\(Self.hexSHA256(Array(canonicalRequest.utf8)))"
    }

    /// HMAC of the string to sign with the key derived from the secret, date, region and service.
    public func signature(stringToSign: String, date: AmzDate) -> String {
        HashFunction.hex(HashFunction.sha256.hmac(key: signingKey(date: date), message: Array(stringToSign.utf8)))
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public func signingKey(date: AmzDate) -> [UInt8] {
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        for part in [date.day, region, service, "aws4_request"] {
            key = HashFunction.sha256.hmac(key: key, message: Array(part.utf8))
        }
        return key
    }

    private func scope(_ date: AmzDate) -> String { "\(date.day)/\(region)/\(service)/aws4_request" }

    /// The URI-encoded path; every service but S3 normalises it first.
    func canonicalPath(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if options.normalizePath {
            path = Self.normalize(path)
        }
        return URIEncoding.encode(path, keepSlash: true)
    }

    /// RFC 3986 dot-segment removal plus collapsing of empty segments; keeps a trailing slash.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts {
            switch part {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(part)
            }
        }
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last
        let trailingSlash = path.hasSuffix("/") || last == "." || last == ".."
        var result = "/" + segments.joined(separator: "/")
        if trailingSlash && !segments.isEmpty { result += "/" }
        return result
    }

    /// Parameters encoded, then sorted by name and value (byte order of the encoded forms).
    static func canonicalQuery(_ query: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (URIEncoding.encode($0.0), URIEncoding.encode($0.1))
        }
        let sorted = encoded.sorted { lhs, rhs in
            lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name
        }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; repeated headers
    /// joined with commas in their order.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for header in headers {
            merged[header.name.lowercased(), default: []].append(collapseSpaces(header.value))
        }
        return merged.keys.sorted().map { ($0, merged[$0]!.joined(separator: ",")) }
    }

    private static func collapseSpaces(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in value {
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String { HashFunction.hex(HashFunction.sha256.digest(bytes)) }
}
