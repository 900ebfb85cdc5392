import Foundation
import QRCode
import TestSupport
import Testing

/// The PNG container, zlib stream and checksums, checked with Python's zlib (an independent inflater).
struct PNGEncoderTests {
    @Test func checksumsMatchZlib() async throws {
        var random = SeededRandom(seed: 1950)
        let inputs =
            [[], Array("123456789".utf8)]
            + (0..<20).map { _ in random.bytes(Int.random(in: 1...20_000, using: &random)) }
        let script = """
            import sys, zlib
            for line in sys.stdin.read().split("\\n"):
                b = bytes.fromhex(line); print(zlib.crc32(b), zlib.adler32(b))
            """
        let hex = inputs.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
        let output = try await ExternalTool("python3").run(["-c", script], stdin: Data(hex.utf8))
        let lines = output.text.split(separator: "\n")
        try #require(lines.count == inputs.count, "\(output.stderr)")
        #expect(Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)  // the CRC-32 check value
        for (input, line) in zip(inputs, lines) {
            #expect("\(Checksum.crc32(input)) \(Checksum.adler32(input))" == line)
        }
    }

    /// Python walks the chunks, verifies every CRC, inflates IDAT and undoes the filters; the pixels must
    /// be the ones we encoded, for random images with runs and repeated rows.
    @Test func pythonReadsBackTheExactPixels() async throws {
        var random = SeededRandom(seed: 2083)
        for _ in 0..<8 {
            let width = Int.random(in: 1...700, using: &random)
            let height = Int.random(in: 1...40, using: &random)
            var pixels: [UInt8] = []
            for y in 0..<height {
                if y > 0 && Bool.random(using: &random) {
                    pixels += pixels[((y - 1) * width)..<(y * width)]
                    continue
                }
                var row: [UInt8] = []
                while row.count < width {
                    let value: UInt8 = Bool.random(using: &random) ? 0 : UInt8.random(in: 0...255, using: &random)
                    row += repeatElement(value, count: min(width - row.count, Int.random(in: 1...600, using: &random)))
                }
                pixels += row
            }
            let png = PNGEncoder.grayscale(width: width, height: height, pixels: pixels)
            let output = try await ExternalTool("python3").run(["-c", Self.pngReader], stdin: Data(png))
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "\(width) \(height) " + pixels.map { String(format: "%02x", $0) }.joined())
        }
    }

    @Test func pythonReadsQRCodePNGAsTheModules() async throws {
        let code = try QRCode.encode(Array("HELLO PNG 12345".utf8), correction: .high)
        let (scale, border) = (3, 2)
        let png = try code.pngData(scale: scale, border: border)
        let output = try await ExternalTool("python3").run(["-c", Self.pngReader], stdin: Data(png))
        #expect(output.status == 0, "\(output.stderr)")
        let side = (code.size + 2 * border) * scale
        var expected = [UInt8](repeating: 255, count: side * side)
        for y in 0..<side {
            for x in 0..<side {
                let (mx, my) = (x / scale - border, y / scale - border)
                if (0..<code.size).contains(mx) && (0..<code.size).contains(my) && code[mx, my] {
                    expected[y * side + x] = 0
                }
            }
        }
        #expect(output.text == "\(side) \(side) " + expected.map { String(format: "%02x", $0) }.joined())
    }

    @Test func longRunsKeepAdlerAndLengthsRight() async throws {
        let (width, height) = (1_000, 300)
        let pixels = [UInt8](repeating: 0xA5, count: width * height)
        let png = PNGEncoder.grayscale(width: width, height: height, pixels: pixels)
        let output = try await ExternalTool("python3").run(["-c", Self.pngReader], stdin: Data(png))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.text == "\(width) \(height) " + String(repeating: "a5", count: width * height))
    }

    static let pngReader = """
        import sys, struct, zlib
        d = sys.stdin.buffer.read()
        assert d[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
        i, idat, hdr = 8, b"", None
        while i < len(d):
            n, = struct.unpack(">I", d[i:i+4]); t = d[i+4:i+8]; body = d[i+8:i+8+n]
            crc, = struct.unpack(">I", d[i+8+n:i+12+n]); assert zlib.crc32(t + body) == crc, t
            if t == b"IHDR": hdr = struct.unpack(">IIBBBBB", body)
            if t == b"IDAT": idat += body
            i += 12 + n
        w, h, depth, ctype = hdr[:4]; assert (depth, ctype) == (8, 0)
        raw = zlib.decompress(idat); out = bytearray(); prev = bytearray(w)
        for y in range(h):
            f = raw[y*(w+1)]; row = bytearray(raw[y*(w+1)+1:(y+1)*(w+1)])
            assert f in (0, 2)
            if f == 2: row = bytearray((a + b) & 255 for a, b in zip(row, prev))
            out += row; prev = row
        sys.stdout.write("%d %d %s" % (w, h, out.hex()))
        """
}
