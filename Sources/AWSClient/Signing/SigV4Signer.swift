import Foundation
import Hashing

/// AWS Signature Version 4, header and query (presigned URL) variants.
///
/// A value type with no I/O: the time is a parameter, so tests can sign at the suite's timestamp.
/// The stages carry AWS's names: canonical request, string to sign, signature.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    /// Variants that differ between services and callers.
    public struct Options: Sendable {
        /// Remove `.`/`..` segments and duplicate slashes from the path (every service but S3).
        public var normalizePath = true
        /// Add `X-Amz-Content-Sha256` with the payload hash (S3-style).
        public var signBody = false
        /// Sign without the session token and add it afterwards (some services, e.g. IoT, want that).
        public var omitSessionToken = false
        public init(normalizePath: Bool = true, signBody: Bool = false, omitSessionToken: Bool = false) {
            self.normalizePath = normalizePath
            self.signBody = signBody
            self.omitSessionToken = omitSessionToken
        }
    }

    public var options: Options

    public init(credentials: AWSCredentials, region: String, service: String, options: Options = Options()) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    // MARK: Header signing

    /// Signs `request` in place: adds `X-Amz-Date`, `X-Amz-Security-Token` (when there is one),
    /// `X-Amz-Content-Sha256` (with `signBody`) and `Authorization`.
    public func sign(_ request: inout SignableRequest, date: Date = Date()) {
        let stamp = AmzDate(date)
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
    public func presign(_ request: inout SignableRequest, expires: Int, date: Date = Date()) {
        let stamp = AmzDate(date)
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

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The two forms of the signing time: `20150830T123600Z` and `20150830`, always UTC.
public struct AmzDate: Sendable {
    public let full: String
    public let day: String

    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        day = pad(civil.year, 4) + pad(civil.month, 2) + pad(civil.day, 2)
        full = day + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2) + pad(secondOfDay % 60, 2) + "Z"
    }
}

/// Proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`),
/// so signing needs no `DateFormatter` or calendar.
struct CivilDate {
    let year: Int
    let month: Int
    let day: Int

    init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
}
