/// The data of a symbol as one segment in the most compact mode that can hold all of it
/// (ISO/IEC 18004 §7.4: numeric, alphanumeric or byte). Kanji and mixed segments are not used.
struct QRSegment: Sendable {
    /// The encoding modes and their 4-bit indicators (ISO/IEC 18004 Table 2).
    enum Mode: Sendable {
        case numeric, alphanumeric, byte

        var indicator: UInt32 {
            switch self {
            case .numeric: 0b0001
            case .alphanumeric: 0b0010
            case .byte: 0b0100
            }
        }

        /// Width of the character count indicator (ISO/IEC 18004 Table 3).
        func countBits(version: Int) -> Int {
            let group = version <= 9 ? 0 : version <= 26 ? 1 : 2
            switch self {
            case .numeric: return [10, 12, 14][group]
            case .alphanumeric: return [9, 11, 13][group]
            case .byte: return [8, 16, 16][group]
            }
        }
    }

    let mode: Mode
    let bytes: [UInt8]

    /// Picks numeric when every byte is a digit, alphanumeric when every byte is in the 45-character set,
    /// else byte mode.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            mode = .numeric
        } else if bytes.allSatisfy({ Self.alphanumericValue($0) != nil }) {
            mode = .alphanumeric
        } else {
            mode = .byte
        }
    }

    /// Bits of the payload after the mode and count indicators (ISO/IEC 18004 §7.4.3–7.4.5).
    var payloadBitCount: Int {
        let count = bytes.count
        switch mode {
        case .numeric: return count / 3 * 10 + [0, 4, 7][count % 3]
        case .alphanumeric: return count / 2 * 11 + count % 2 * 6
        case .byte: return count * 8
        }
    }

    /// Total bits at `version`, or `nil` when the count does not fit its indicator.
    func bitCount(version: Int) -> Int? {
        let countBits = mode.countBits(version: version)
        guard bytes.count < 1 << countBits else { return nil }
        return 4 + countBits + payloadBitCount
    }

    /// Appends mode indicator, character count and payload.
    func append(to buffer: inout QRBitBuffer, version: Int) {
        buffer.append(mode.indicator, bitCount: 4)
        buffer.append(UInt32(bytes.count), bitCount: mode.countBits(version: version))
        switch mode {
        case .numeric:
            // §7.4.3: groups of three digits in 10 bits, a last group of two in 7 or of one in 4.
            var index = 0
            while index < bytes.count {
                let group = bytes[index..<min(index + 3, bytes.count)]
                let value = group.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - UInt8(ascii: "0")) }
                buffer.append(value, bitCount: group.count * 3 + 1)
                index += 3
            }
        case .alphanumeric:
            // §7.4.4: pairs as 45 × first + second in 11 bits, a last single character in 6.
            var index = 0
            while index + 1 < bytes.count {
                let first = UInt32(Self.alphanumericValue(bytes[index])!)
                buffer.append(first * 45 + UInt32(Self.alphanumericValue(bytes[index + 1])!), bitCount: 11)
                index += 2
            }
            if index < bytes.count { buffer.append(UInt32(Self.alphanumericValue(bytes[index])!), bitCount: 6) }
        case .byte:
            for byte in bytes { buffer.append(UInt32(byte), bitCount: 8) }
        }
    }

    /// The value of a character in the alphanumeric set `0–9 A–Z space $ % * + - . / :` (Table 5).
    static func alphanumericValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A")) + 10
        case UInt8(ascii: " "): return 36
        case UInt8(ascii: "$"): return 37
        case UInt8(ascii: "%"): return 38
        case UInt8(ascii: "*"): return 39
        case UInt8(ascii: "+"): return 40
        case UInt8(ascii: "-"): return 41
        case UInt8(ascii: "."): return 42
        case UInt8(ascii: "/"): return 43
        case UInt8(ascii: ":"): return 44
        default: return nil
        }
    }

    /// How many characters of this mode fit in `bits` data bits at `version` (for error messages).
    func capacity(dataBits: Int, version: Int) -> Int {
        let available = dataBits - 4 - mode.countBits(version: version)
        switch mode {
        case .numeric: return available / 10 * 3 + (available % 10 >= 7 ? 2 : available % 10 >= 4 ? 1 : 0)
        case .alphanumeric: return available / 11 * 2 + (available % 11 >= 6 ? 1 : 0)
        case .byte: return available / 8
        }
    }
}

/// A growing sequence of bits, most significant bit first.
struct QRBitBuffer: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: UInt32, bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> UInt32(shift)) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
