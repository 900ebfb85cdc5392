/// Writes PNG images (<https://www.w3.org/TR/png-3/>): signature, IHDR, one IDAT, IEND.
public enum PNGEncoder {
    /// An 8-bit grayscale PNG of `pixels` (row-major, `width × height` bytes, 0 black … 255 white).
    ///
    /// A row equal to the previous one is written with the Up filter (all zeros, §9.2 filter type 2), the
    /// others unfiltered; the zlib stream compresses the runs this leaves.
    public static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixel count must be width × height")
        var runs = ByteRuns()
        for y in 0..<height {
            let row = pixels[(y * width)..<((y + 1) * width)]
            if y > 0 && row.elementsEqual(pixels[((y - 1) * width)..<(y * width)]) {
                runs.append(2, count: 1)
                runs.append(0, count: width)
            } else {
                runs.append(0, count: 1)
                for pixel in row { runs.append(pixel, count: 1) }
            }
        }
        return grayscale(width: width, height: height, scanlines: runs)
    }

    /// An 8-bit grayscale PNG whose filtered scanlines (filter byte and pixels per row) are `scanlines`.
    static func grayscale(width: Int, height: Int, scanlines: ByteRuns) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        // Bit depth 8, colour type 0 (grayscale), deflate compression, adaptive filtering, no interlace.
        header += [8, 0, 0, 0, 0]
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", Deflate.zlibCompress(scanlines), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// A chunk: length, type, data, and the CRC-32 of type and data (§5.3).
    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &png)
        let typeAndData = Array(type.utf8) + data
        png += typeAndData
        appendBigEndian(Checksum.crc32(typeAndData), to: &png)
    }

    static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }
}

/// A byte sequence stored as runs of one value, the natural shape of a rendered QR code.
struct ByteRuns: Sendable {
    private(set) var values: [UInt8] = []
    private(set) var counts: [Int] = []

    /// Appends `count` copies of `value`, extending the last run when it has the same value.
    mutating func append(_ value: UInt8, count: Int) {
        guard count > 0 else { return }
        if let last = values.last, last == value {
            counts[counts.count - 1] += count
        } else {
            values.append(value)
            counts.append(count)
        }
    }
}
