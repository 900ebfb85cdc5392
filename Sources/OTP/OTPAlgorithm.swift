import Hashing

/// The HMAC hash functions RFC 6238 §1.2 allows for TOTP (HOTP itself is HMAC-SHA-1, RFC 4226 §5.2).
public enum OTPAlgorithm: String, CaseIterable, Sendable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// Parses `SHA1`, `SHA256`, `SHA512` in any letter case, with or without a dash (`SHA-256`).
    public init(name: String) throws(OTPError) {
        let normalized = String(name.uppercased().filter { $0 != "-" })
        guard let algorithm = OTPAlgorithm(rawValue: normalized) else { throw .unsupportedAlgorithm(name) }
        self = algorithm
    }

    /// HMAC of `message` under `key` with this hash (RFC 2104).
    func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        hashFunction.hmac(key: key, message: message)
    }

    var hashFunction: HashFunction {
        switch self {
        case .sha1: .sha1
        case .sha256: .sha256
        case .sha512: .sha512
        }
    }
}
