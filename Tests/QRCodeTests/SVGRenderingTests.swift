import Foundation
import QRCode
import TestSupport
import Testing

/// The SVG rendering, rasterised by librsvg's rsvg-convert, is a QR code zbarimg reads.
struct SVGRenderingTests {
    @Test(arguments: [QRErrorCorrection.low, .high])
    func rasterisedSVGDecodes(correction: QRErrorCorrection) async throws {
        let text = Array("otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example".utf8)
        let svg = try QRCode.encode(text, correction: correction).svg(moduleSize: 4)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mfaguard-svg-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svgPath = directory.appendingPathComponent("code.svg").path
        let pngPath = directory.appendingPathComponent("code.png").path
        try Data(svg.utf8).write(to: URL(fileURLWithPath: svgPath))
        let converted = try await ExternalTool("rsvg-convert").run(["-b", "white", "-o", pngPath, svgPath])
        #expect(converted.status == 0, "\(converted.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: pngPath))
        #expect(try await Zbar.decode(png: Array(png)) == text)
    }

    @Test func svgDeclaresSizeAndViewBoxWithQuietZone() throws {
        let code = try QRCode.encode(Array("A".utf8))
        let svg = try code.svg(moduleSize: 10, border: 4)
        #expect(svg.contains("width=\"290\" height=\"290\" viewBox=\"0 0 29 29\""))
        #expect(throws: QRCodeError.self) { try code.svg(moduleSize: 0) }
    }
}
