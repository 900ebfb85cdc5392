import Foundation
import QRCode
import TestSupport
import Testing

/// The half-block rendering, parsed back into pixels, is a QR code zbarimg reads.
struct TerminalRenderingTests {
    static let uri = Array(
        ("otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=Amazon%20Web%20Services").utf8)

    /// Turns half-block text back into module rows: `true` where the glyph has ink. ANSI escapes are dropped.
    static func inkRows(_ text: String) throws -> [[Bool]] {
        var rows: [[Bool]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            var top: [Bool] = []
            var bottom: [Bool] = []
            var characters = Substring(line)
            while let character = characters.first {
                characters = characters.dropFirst()
                if character == "\u{1B}" {
                    characters = characters.drop(while: { $0 != "m" }).dropFirst()
                    continue
                }
                switch character {
                case "█": (top, bottom) = (top + [true], bottom + [true])
                case "▀": (top, bottom) = (top + [true], bottom + [false])
                case "▄": (top, bottom) = (top + [false], bottom + [true])
                case " ": (top, bottom) = (top + [false], bottom + [false])
                default: throw ExternalTool.Failure(description: "unexpected character \(character)")
                }
            }
            rows += [top, bottom]
        }
        return rows
    }

    /// Dark modules as black pixels, `scale` pixels each, written with our PNG encoder.
    static func png(darkRows: [[Bool]], scale: Int = 4) -> [UInt8] {
        let width = darkRows[0].count * scale
        let height = darkRows.count * scale
        var pixels = [UInt8](repeating: 255, count: width * height)
        for (y, row) in darkRows.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                for dy in 0..<scale {
                    for dx in 0..<scale { pixels[(y * scale + dy) * width + x * scale + dx] = 0 }
                }
            }
        }
        return PNGEncoder.grayscale(width: width, height: height, pixels: pixels)
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func parsedRenderingDecodes(colors: Bool, invert: Bool) async throws {
        let code = try QRCode.encode(Self.uri, correction: .medium)
        let text = code.renderTerminal(colors: colors, invert: invert)
        let ink = try Self.inkRows(text)
        // Dark modules are the ink unless inverted.
        let dark = ink.map { row in row.map { $0 != invert } }
        #expect(dark.count == code.size + 8 + 1)  // odd height: one padded half row
        #expect(dark.allSatisfy { $0.count == code.size + 8 })
        for y in 0..<code.size {
            #expect(Array(dark[y + 4][4..<(4 + code.size)]) == code.modules[y])
        }
        #expect(dark[0].allSatisfy { !$0 } && dark[3].allSatisfy { !$0 }, "quiet zone must be light")
        #expect(try await Zbar.decode(png: Self.png(darkRows: dark)) == Self.uri)
    }

    @Test func colorModeSetsExplicitForegroundAndBackgroundOnEveryLine() throws {
        let code = try QRCode.encode(Array("HELLO".utf8))
        let lines = code.renderTerminal(colors: true).split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("\u{1B}[30;107m") && $0.hasSuffix("\u{1B}[0m") })
        let plain = code.renderTerminal()
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.split(separator: "\n").count == (code.size + 8 + 1) / 2)
    }
}
