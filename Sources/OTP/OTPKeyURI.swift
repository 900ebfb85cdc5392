/// An `otpauth://totp/` key URI, the text inside an authenticator QR code.
///
/// Follows Google Authenticator's Key Uri Format
/// (<https://github.com/google/google-authenticator/wiki/Key-Uri-Format>): the label is
/// `ISSUER:ACCOUNT`, both percent-encoded (RFC 3986 §2.1), `secret` is unpadded Base32, and
/// `algorithm`, `digits`, `period` appear only when they differ from SHA1, 6 and 30. AWS writes
/// `otpauth://totp/Amazon%20Web%20Services:USER@ACCOUNT?secret=…&issuer=Amazon%20Web%20Services`.
public struct OTPKeyURI: Equatable, Sendable {
    /// The provider, e.g. `Amazon Web Services`; `nil` when the URI names none.
    public var issuer: String?
    /// The account name, e.g. `alice@123456789012`.
    public var accountName: String
    /// The decoded seed.
    public var secret: [UInt8]
    /// The HMAC hash function.
    public var algorithm: OTPAlgorithm
    /// Digits per code, 6...8.
    public var digits: Int
    /// Time step in seconds.
    public var period: Int

    /// - Throws: `OTPError.invalidKeyURI` when issuer or account name contain a colon (the Key Uri Format
    ///   forbids it), or the errors of `TOTP.init` for bad parameters.
    public init(
        issuer: String?, accountName: String, secret: [UInt8], algorithm: OTPAlgorithm = .sha1, digits: Int = 6,
        period: Int = 30
    ) throws(OTPError) {
        if let issuer, issuer.contains(":") { throw .invalidKeyURI("the issuer must not contain ':'") }
        if accountName.contains(":") { throw .invalidKeyURI("the account name must not contain ':'") }
        _ = try TOTP(secret: secret, algorithm: algorithm, digits: digits, period: period)
        self.issuer = issuer
        self.accountName = accountName
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    /// The TOTP generator this URI describes.
    public var totp: TOTP {
        // The initialiser validated every parameter.
        try! TOTP(secret: secret, algorithm: algorithm, digits: digits, period: period)
    }

    /// The URI text, e.g. `otpauth://totp/Amazon%20Web%20Services:alice@123?secret=…&issuer=Amazon%20Web%20Services`.
    public var uri: String {
        var label = PercentEncoding.encode(accountName)
        if let issuer { label = PercentEncoding.encode(issuer) + ":" + label }
        var query = ["secret=" + Base32.encode(secret, padding: false)]
        if let issuer { query.append("issuer=" + PercentEncoding.encode(issuer)) }
        if algorithm != .sha1 { query.append("algorithm=" + algorithm.rawValue) }
        if digits != 6 { query.append("digits=\(digits)") }
        if period != 30 { query.append("period=\(period)") }
        return "otpauth://totp/" + label + "?" + query.joined(separator: "&")
    }

    /// Parses a key URI. The scheme and type are case-insensitive, `secret` is required, the `issuer`
    /// parameter wins over the label prefix, spaces before the account name are dropped, and `+` in a
    /// query value reads as a space (as form encoding writes it).
    public init(parsing text: String) throws(OTPError) {
        let bytes = Array(text.utf8)
        let prefix = Array("otpauth://".utf8)
        guard bytes.count > prefix.count, Self.lowercased(bytes[..<prefix.count]) == prefix else {
            throw .invalidKeyURI("it does not start with otpauth://")
        }
        let rest = bytes[prefix.count...]
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { throw .invalidKeyURI("it has no label") }
        let type = String(decoding: Self.lowercased(rest[..<slash]), as: UTF8.self)
        guard type == "totp" else { throw .invalidKeyURI("type '\(type)' is not supported, only totp") }
        let afterType = rest[(slash + 1)...]
        let question = afterType.firstIndex(of: UInt8(ascii: "?")) ?? afterType.endIndex
        let label = try PercentEncoding.decode(afterType[..<question], plusIsSpace: false)

        var parameters: [String: String] = [:]
        if question < afterType.endIndex {
            for pair in afterType[(question + 1)...].split(separator: UInt8(ascii: "&")) {
                let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
                let name = try PercentEncoding.decode(pair[..<equals], plusIsSpace: true).lowercased()
                let value = equals < pair.endIndex ? pair[(equals + 1)...] : []
                parameters[name] = try PercentEncoding.decode(value, plusIsSpace: true)
            }
        }

        var labelIssuer: String?
        var account = label
        if let colon = label.firstIndex(of: ":") {
            labelIssuer = String(label[..<colon])
            account = String(label[label.index(after: colon)...].drop(while: { $0 == " " }))
        }
        guard let secretText = parameters["secret"], !secretText.isEmpty else {
            throw .invalidKeyURI("the secret parameter is missing")
        }
        let digits = try Self.integer(parameters["digits"], name: "digits") ?? 6
        let period = try Self.integer(parameters["period"], name: "period") ?? 30
        try self.init(
            issuer: parameters["issuer"] ?? labelIssuer,
            accountName: account,
            secret: try Base32.decode(secretText),
            algorithm: try parameters["algorithm"].map { name throws(OTPError) in try OTPAlgorithm(name: name) }
                ?? .sha1,
            digits: digits,
            period: period
        )
    }

    private static func integer(_ text: String?, name: String) throws(OTPError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw .invalidKeyURI("\(name) '\(text)' is not a number") }
        return value
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
    }
}
