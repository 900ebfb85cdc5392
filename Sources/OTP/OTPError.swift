/// Everything that can go wrong decoding a seed, computing a code or reading a key URI.
///
/// The description is the one line a user sees; it never contains the secret itself.
public enum OTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character outside the RFC 4648 Base32 alphabet; `position` counts characters from 1.
    case invalidBase32Character(Character, position: Int)
    /// Padding (`=`) followed by something other than padding or spaces; `position` is the first `=`'s,
    /// counted from 1.
    case misplacedBase32Padding(position: Int)
    /// The number of Base32 characters cannot be the encoding of whole bytes (RFC 4648 §6).
    case invalidBase32Length(Int)
    /// The secret decoded to no bytes at all.
    case emptySecret
    /// The number of digits is outside 6...8 (RFC 4226 §5.3 asks for at least 6; 8 is the RFC 6238 maximum).
    case unsupportedDigits(Int)
    /// The time step is not a positive number of seconds.
    case invalidPeriod(Int)
    /// A time before the Unix epoch (RFC 6238 §4 counts from T0 = 0).
    case invalidTime(Int64)
    /// An algorithm name other than SHA1, SHA256 or SHA512.
    case unsupportedAlgorithm(String)
    /// A key URI that does not follow the Key Uri Format; the reason says which part.
    case invalidKeyURI(String)

    /// One line naming the problem; a character that is not printable ASCII is shown as `U+XXXX`.
    public var description: String {
        switch self {
        case .invalidBase32Character(let character, let position):
            let shown =
                character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
                ? "'\(character)'" : character.unicodeScalars.map { "U+\(hex($0.value))" }.joined(separator: " ")
            return "invalid Base32 secret: character \(shown) at position \(position) is not in A-Z, 2-7"
        case .misplacedBase32Padding(let position):
            return "invalid Base32 secret: padding '=' at position \(position) is followed by more data"
        case .invalidBase32Length(let count):
            return "invalid Base32 secret: \(count) characters cannot encode whole bytes"
        case .emptySecret:
            return "invalid secret: it is empty"
        case .unsupportedDigits(let digits):
            return "unsupported number of digits \(digits): use 6, 7 or 8"
        case .invalidPeriod(let period):
            return "invalid period \(period): it must be a positive number of seconds"
        case .invalidTime(let time):
            return "invalid time \(time): it must not be before 1970-01-01T00:00:00Z (Unix time 0)"
        case .unsupportedAlgorithm(let name):
            return "unsupported algorithm '\(name)': use SHA1, SHA256 or SHA512"
        case .invalidKeyURI(let reason):
            return "invalid otpauth:// key URI: \(reason)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
