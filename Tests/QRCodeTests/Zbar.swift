import Foundation
import TestSupport

/// zbarimg (zbar-tools) as the independent QR decoder: `--raw -q --oneshot -Sbinary` prints the exact
/// bytes of the first symbol, with no charset guessing and no trailing newline.
enum Zbar {
    static func decode(png: [UInt8]) async throws -> [UInt8] {
        try await decode(file: png, extension: "png")
    }

    static func decode(file contents: [UInt8], extension fileExtension: String) async throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mfaguard-qr-\(UUID().uuidString).\(fileExtension)")
        try Data(contents).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try await ExternalTool("zbarimg").run(["--raw", "-q", "--oneshot", "-Sbinary", url.path])
        guard output.status == 0 else {
            throw ExternalTool.Failure(
                description: "zbarimg found no QR code (status \(output.status)) \(output.stderr)")
        }
        return Array(output.stdout)
    }
}
