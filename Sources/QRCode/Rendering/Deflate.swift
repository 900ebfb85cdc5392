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
        let codes = fixedCodes
        let lengthCodes = matchLengthCodes

        func writeSymbol(_ symbol: Int) {
            let (code, length) = codes[symbol]
            writer.write(code, count: length)
        }

        for (value, count) in zip(bytes.values, bytes.counts) {
            // The first byte of a run as a literal, the rest as copies of the byte before (distance 1).
            writeSymbol(Int(value))
            var remaining = count - 1
            while remaining >= 3 {
                let length = min(remaining, 258)
                // Never leave a tail of 1 or 2, which would need literals; 258 − 3 keeps it at 3 or more.
                let chosen = remaining - length > 0 && remaining - length < 3 ? length - 3 : length
                // The length code with its extra bits, then distance code 0 (distance 1, no extra bits).
                let (symbol, extra, extraBits) = lengthCodes[chosen]
                writeSymbol(symbol)
                writer.write(extra, count: extraBits)
                writer.write(0, count: 5)
                remaining -= chosen
            }
            for _ in 0..<remaining { writeSymbol(Int(value)) }
        }
        writeSymbol(256)  // end of block
        writer.flush()
        PNGEncoder.appendBigEndian(Checksum.adler32(bytes), to: &writer.bytes)
        return writer.bytes
    }

    /// The fixed literal/length code of each symbol 0...287 (§3.2.6), bit-reversed: Huffman codes are
    /// sent most significant bit first, the writer packs least significant first (§3.1.1).
    private static let fixedCodes: [(code: Int, length: Int)] = (0...287).map { symbol in
        let (code, length): (Int, Int) =
            switch symbol {
            case 0...143: (0x30 + symbol, 8)
            case 144...255: (0x190 + symbol - 144, 9)
            case 256...279: (symbol - 256, 7)
            default: (0xC0 + symbol - 280, 8)
            }
        var reversed = 0
        for bit in 0..<length where code >> bit & 1 == 1 { reversed |= 1 << (length - 1 - bit) }
        return (reversed, length)
    }

    /// For each match length 3...258 (§3.2.5): its length symbol, extra bits value and extra bit count.
    private static let matchLengthCodes: [(symbol: Int, extra: Int, extraBits: Int)] = (0...258).map { length in
        guard length >= 3 else { return (0, 0, 0) }
        var code = lengthBases.count - 1
        while lengthBases[code] > length { code -= 1 }
        return (257 + code, length - lengthBases[code], lengthExtraBits[code])
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
