/// RFC 4648 §6 Base32 (alphabet `A–Z2–7`), the encoding of TOTP seeds.
///
/// Decoding is forgiving where authenticator apps are: padding is optional, letters may be
/// lower case and spaces are ignored. Anything else is an error naming the character and its place.
/// See <https://www.rfc-editor.org/rfc/rfc4648#section-6>.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes`; with `padding` the result is a multiple of 8 characters, `=`-padded (RFC 4648 §6).
    public static func encode(_ bytes: [UInt8], padding: Bool = true) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 4) / 5 * 8)
        var buffer: UInt64 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt64(bits)) & 0x1F)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt64(5 - bits)) & 0x1F)])
        }
        if padding {
            while output.count % 8 != 0 { output.append(UInt8(ascii: "=")) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes Base32 text, ignoring spaces and letter case; padding may be present or not.
    /// - Throws: `OTPError.invalidBase32Character`, `.misplacedBase32Padding` or `.invalidBase32Length`.
    public static func decode(_ text: String) throws(OTPError) -> [UInt8] {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var paddingStart: Int?
        for (index, character) in text.enumerated() {
            let position = index + 1
            if character == " " { continue }
            if character == "=" {
                if paddingStart == nil { paddingStart = position }
                continue
            }
            if let start = paddingStart { throw .misplacedBase32Padding(position: start) }
            guard let value = symbolValue(character) else {
                throw .invalidBase32Character(character, position: position)
            }
            values.append(value)
        }
        // RFC 4648 §6: a final quantum leaves 2, 4, 5 or 7 symbols; 1, 3 or 6 cannot hold whole bytes.
        switch values.count % 8 {
        case 1, 3, 6: throw .invalidBase32Length(values.count)
        default: break
        }
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in values {
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    private static func symbolValue(_ character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return ascii - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return ascii - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): return ascii - UInt8(ascii: "2") + 26
        default: return nil
        }
    }
}
