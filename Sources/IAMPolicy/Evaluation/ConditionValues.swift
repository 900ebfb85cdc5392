import JSON

/// Parsing of the typed values condition operators compare: numbers, dates, IP ranges and base64.
enum ConditionValues {
    /// A decimal number as IAM accepts it (integers and decimals, optionally signed).
    static func number(_ text: String) -> Double? {
        let trimmed = text
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ "+-.0123456789eE".utf8.contains($0) }) else { return nil }
        return Double(trimmed)
    }

    /// A date as seconds since 1970: ISO 8601 (`2020-01-01`, `2020-01-01T12:00:00Z`, fractions,
    /// `+hh:mm` offsets) or epoch seconds.
    static func date(_ text: String) -> Double? {
        if let epoch = number(text), !text.contains("-") || text.hasPrefix("-") { return epoch }
        return ISO8601.parse(text, requiringTime: false)
    }

    /// Decodes standard base64 (with or without padding); `nil` when it is not base64.
    static func base64(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 65...90: values.append(byte - 65)
            case 97...122: values.append(byte - 71)
            case 48...57: values.append(byte + 4)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            case UInt8(ascii: "="): continue
            default: return nil
            }
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i + 1 < values.count {
            let a = values[i]
            let b = values[i + 1]
            out.append(a << 2 | b >> 4)
            if i + 2 < values.count {
                let c = values[i + 2]
                out.append(b << 4 | c >> 2)
                if i + 3 < values.count { out.append(c << 6 | values[i + 3]) }
            }
            i += 4
        }
        return out
    }
}

/// An IPv4 or IPv6 address range in CIDR notation; a bare address is a /32 or /128.
struct IPRange: Sendable {
    let bytes: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPRange.address(String(parts[0])) else { return nil }
        let maxPrefix = address.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= maxPrefix else { return nil }
            prefix = p
        } else {
            prefix = maxPrefix
        }
        bytes = address
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else {
            // An IPv4-mapped IPv6 address is compared as IPv4.
            if address.count == 16 && bytes.count == 4 && address[0..<10].allSatisfy({ $0 == 0 })
                && address[10] == 0xFF && address[11] == 0xFF
            {
                return contains(Array(address[12...]))
            }
            return false
        }
        var remaining = prefix
        var i = 0
        while remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if bytes[i] & mask != address[i] & mask { return false }
            remaining -= bits
            i += 1
        }
        return true
    }

    /// Parses a dotted IPv4 or a (possibly `::`-compressed) IPv6 address.
    static func address(_ text: String) -> [UInt8]? {
        if !text.utf8.contains(UInt8(ascii: ":")) {
            // Dotted quad, parsed without intermediate strings.
            var out: [UInt8] = []
            out.reserveCapacity(4)
            var value = 0
            var digits = 0
            for byte in text.utf8 {
                if byte == UInt8(ascii: ".") {
                    guard digits > 0, out.count < 3 else { return nil }
                    out.append(UInt8(value))
                    value = 0
                    digits = 0
                } else if byte >= 48 && byte <= 57 {
                    value = value * 10 + Int(byte - 48)
                    digits += 1
                    guard digits <= 3, value <= 255 else { return nil }
                } else {
                    return nil
                }
            }
            guard digits > 0, out.count == 3 else { return nil }
            out.append(UInt8(value))
            return out
        }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        let halves = text.components(separatedByString: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = s.split(separator: ":", omittingEmptySubsequences: false)
            for (n, piece) in pieces.enumerated() {
                if n == pieces.count - 1, piece.contains("."), let v4 = address(String(piece)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let v = UInt16(piece, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let h = groups(halves[0]) else { return nil }
        head = h
        if halves.count == 2 {
            compressed = true
            guard let t = groups(halves[1]) else { return nil }
            tail = t
        }
        let total = head.count + tail.count
        if compressed ? total > 7 : total != 8 { return nil }
        let all = head + Array(repeating: 0, count: 8 - total) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension String {
    /// Splits on a multi-character separator (Foundation-free).
    fileprivate func components(separatedByString separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            out.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}
