/// A small DEFLATE encoder (RFC 1951) inside a zlib stream (RFC 1950), tuned for rendered QR codes.
///
/// One block with the fixed Huffman codes (RFC 1951 §3.2.6); the only back-references are runs
/// (distance 1), which is what images of large uniform modules consist of.
enum Deflate {
    /// `bytes` as a zlib stream: CMF/FLG header, the deflate block, Adler-32 of the input (RFC 1950 §2.2).
    static func zlibCompress(_ bytes: ByteRuns) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes += [0x78, 0x01]  // deflate, 32 KiB window, no dictionary; 0x7801 is a multiple of 31
        writer.write(1, count: 1)  // BFINAL
        writer.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        for (value, count) in zip(bytes.values, bytes.counts) {
            // The first byte of a run as a literal, the rest as copies of the byte before (distance 1).
            writeLiteral(value, to: &writer)
            var remaining = count - 1
            while remaining >= 3 {
                let length = min(remaining, 258)
                // Never leave a tail of 1 or 2, which would need literals; 258 − 3 keeps it at 3 or more.
                let chosen = remaining - length > 0 && remaining - length < 3 ? length - 3 : length
                writeMatch(length: chosen, to: &writer)
                remaining -= chosen
            }
            for _ in 0..<remaining { writeLiteral(value, to: &writer) }
        }
        writeSymbol(256, to: &writer)  // end of block
        writer.flush()
        PNGEncoder.appendBigEndian(Checksum.adler32(bytes), to: &writer.bytes)
        return writer.bytes
    }

    private static func writeLiteral(_ byte: UInt8, to writer: inout BitWriter) {
        writeSymbol(Int(byte), to: &writer)
    }

    /// A fixed-code literal/length symbol, Huffman codes being sent most significant bit first (§3.1.1).
    private static func writeSymbol(_ symbol: Int, to writer: inout BitWriter) {
        let (code, length): (Int, Int) =
            switch symbol {
            case 0...143: (0x30 + symbol, 8)
            case 144...255: (0x190 + symbol - 144, 9)
            case 256...279: (symbol - 256, 7)
            default: (0xC0 + symbol - 280, 8)
            }
        writer.write(reversed(code, bits: length), count: length)
    }

    /// A length (3...258) at distance 1: length code with extra bits, then distance code 0 (§3.2.5).
    private static func writeMatch(length: Int, to writer: inout BitWriter) {
        var code = lengthBases.count - 1
        while lengthBases[code] > length { code -= 1 }
        writeSymbol(257 + code, to: &writer)
        if lengthExtraBits[code] > 0 { writer.write(length - lengthBases[code], count: lengthExtraBits[code]) }
        writer.write(0, count: 5)  // distance code 0 = distance 1, no extra bits
    }

    private static func reversed(_ value: Int, bits: Int) -> Int {
        var result = 0
        for bit in 0..<bits where value >> bit & 1 == 1 { result |= 1 << (bits - 1 - bit) }
        return result
    }

    private static let lengthBases = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtraBits = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]

    /// Packs bits least significant first into bytes (RFC 1951 §3.1.1).
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var buffer: UInt64 = 0
        private var bufferedBits = 0

        mutating func write(_ value: Int, count: Int) {
            buffer |= UInt64(value) << UInt64(bufferedBits)
            bufferedBits += count
            while bufferedBits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bufferedBits -= 8
            }
        }

        mutating func flush() {
            if bufferedBits > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
            buffer = 0
            bufferedBits = 0
        }
    }
}
