/// A QR code symbol (ISO/IEC 18004:2015, Model 2): a square of dark and light modules.
///
/// `encode` picks the smallest version (1–40) that holds the data at the requested error correction
/// level, the most compact single mode (numeric, alphanumeric or byte), and the mask with the lowest
/// penalty. Rendering is pure too: `renderTerminal`, `pngData`, `svg` return text or bytes.
public struct QRCode: Sendable {
    /// The version, 1...40; the symbol is `4 × version + 17` modules wide.
    public let version: Int
    /// The error correction level.
    public let correction: QRErrorCorrection
    /// The data mask pattern applied, 0...7.
    public let mask: Int
    /// Width and height in modules, without quiet zone.
    public let size: Int
    private let grid: [Bool]

    /// Encodes `bytes` in the smallest symbol that fits.
    /// - Parameters:
    ///   - correction: the error correction level (default M).
    ///   - mask: force a mask pattern 0...7 instead of choosing the best one (for comparisons with other encoders).
    /// - Throws: `QRCodeError.dataTooLong` when even version 40 cannot hold the data,
    ///   `.invalidParameter` for a `mask` outside 0...7.
    public static func encode(_ bytes: [UInt8], correction: QRErrorCorrection = .medium, mask: Int? = nil)
        throws(QRCodeError) -> QRCode
    {
        if let mask, !(0..<8).contains(mask) { throw .invalidParameter("mask \(mask) is not in 0...7") }
        let segment = QRSegment(bytes: bytes)
        guard let version = Self.smallestVersion(for: segment, correction: correction) else {
            let capacity = segment.capacity(
                dataBits: QRVersionTable.dataCodewords(version: 40, correction: correction) * 8, version: 40)
            throw .dataTooLong(byteCount: bytes.count, maximumByteCount: capacity, correction: correction)
        }
        let capacityBits = QRVersionTable.dataCodewords(version: version, correction: correction) * 8

        // §7.4.9: terminator of up to four zero bits, zero bits to a byte boundary, then 0xEC 0x11 padding.
        var buffer = QRBitBuffer()
        segment.append(to: &buffer, version: version)
        buffer.append(0, bitCount: min(4, capacityBits - buffer.count))
        buffer.append(0, bitCount: (8 - buffer.count % 8) % 8)
        var padding: UInt32 = 0xEC
        while buffer.count < capacityBits {
            buffer.append(padding, bitCount: 8)
            padding ^= 0xEC ^ 0x11
        }

        var unmasked = QRMatrix(version: version)
        unmasked.placeCodewords(Self.interleavedCodewords(data: buffer.bytes, version: version, correction: correction))
        // Each candidate is masked on a copy of the unmasked symbol; the lowest penalty wins (§7.8.3).
        var best: (mask: Int, penalty: Int, matrix: QRMatrix)?
        for candidate in mask.map({ [$0] }) ?? Array(0..<8) {
            var matrix = unmasked
            matrix.applyMask(candidate)
            matrix.drawFormatBits(mask: candidate, correction: correction)
            let penalty = mask == nil ? QRPenalty.score(matrix.modules, size: matrix.size) : 0
            if penalty < best?.penalty ?? Int.max { best = (candidate, penalty, matrix) }
        }
        let chosen = best!
        return QRCode(
            version: version, correction: correction, mask: chosen.mask, size: chosen.matrix.size,
            grid: chosen.matrix.modules)
    }

    /// Encodes the UTF-8 bytes of `text`.
    public static func encode(_ text: String, correction: QRErrorCorrection = .medium) throws(QRCodeError) -> QRCode {
        try encode(Array(text.utf8), correction: correction)
    }

    /// Whether the module at column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool {
        grid[y * size + x]
    }

    /// The modules row by row, `true` for dark.
    public var modules: [[Bool]] {
        (0..<size).map { y in Array(grid[(y * size)..<((y + 1) * size)]) }
    }

    private static func smallestVersion(for segment: QRSegment, correction: QRErrorCorrection) -> Int? {
        (1...40).first { version in
            guard let bits = segment.bitCount(version: version) else { return false }
            return bits <= QRVersionTable.dataCodewords(version: version, correction: correction) * 8
        }
    }

    /// Splits the data into blocks, appends each block's Reed–Solomon codewords and interleaves them
    /// column by column (§7.5.2, §7.6). Short blocks come first and have one data codeword less.
    private static func interleavedCodewords(data: [UInt8], version: Int, correction: QRErrorCorrection) -> [UInt8] {
        let blockCount = QRVersionTable.errorCorrectionBlocks[correction.tableIndex][version]
        let eccLength = QRVersionTable.eccCodewordsPerBlock[correction.tableIndex][version]
        let total = QRVersionTable.totalCodewords(version: version)
        let shortBlockCount = blockCount - total % blockCount
        let shortDataLength = total / blockCount - eccLength
        let reedSolomon = ReedSolomon(degree: eccLength)

        var dataBlocks: [ArraySlice<UInt8>] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<blockCount {
            let length = shortDataLength + (block < shortBlockCount ? 0 : 1)
            let slice = data[offset..<(offset + length)]
            dataBlocks.append(slice)
            eccBlocks.append(reedSolomon.remainder(of: slice))
            offset += length
        }
        var result: [UInt8] = []
        result.reserveCapacity(total)
        for column in 0...shortDataLength {
            for block in dataBlocks where column < block.count { result.append(block[block.startIndex + column]) }
        }
        for column in 0..<eccLength {
            for block in eccBlocks { result.append(block[column]) }
        }
        return result
    }
}
