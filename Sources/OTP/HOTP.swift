/// HMAC-based one-time passwords, RFC 4226, generalised to the hashes of RFC 6238.
///
/// See <https://www.rfc-editor.org/rfc/rfc4226#section-5>.
public struct HOTP: Sendable {
    /// The shared secret (the decoded seed).
    public let secret: [UInt8]
    /// The HMAC hash function.
    public let algorithm: OTPAlgorithm
    /// The number of decimal digits of a code, 6...8.
    public let digits: Int

    /// - Throws: `OTPError.emptySecret` or `.unsupportedDigits` when `digits` is outside 6...8.
    public init(secret: [UInt8], algorithm: OTPAlgorithm = .sha1, digits: Int = 6) throws(OTPError) {
        guard !secret.isEmpty else { throw .emptySecret }
        guard (6...8).contains(digits) else { throw .unsupportedDigits(digits) }
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
    }

    /// The code for `counter`, zero-padded to `digits` characters.
    public func code(counter: UInt64) -> String {
        // RFC 4226 §5.2: the counter is an 8-byte big-endian moving factor.
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * $0)) }
        let mac = algorithm.authenticationCode(for: message, key: secret)
        // RFC 4226 §5.3 dynamic truncation: the low nibble of the last byte picks 4 bytes, top bit masked.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % Self.powersOfTen[digits]
        let text = String(value)
        return String(repeating: "0", count: digits - text.count) + text
    }

    private static let powersOfTen: [UInt32] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]
}
