/// RFC 3986 §2.1 percent-encoding for key URI labels and parameters.
///
/// Keeps the unreserved characters (§2.3) and `@` (allowed in a path segment, §3.3, and used by AWS's
/// `USER@ACCOUNT` labels) literal; everything else, including the space, becomes `%XX` of its UTF-8 bytes.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if isLiteral(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`); the bytes must form UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) throws(OTPError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { throw .invalidKeyURI("a '%' is not followed by two hexadecimal digits") }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw .invalidKeyURI("percent-encoded bytes are not UTF-8")
        }
        return text
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func isLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
