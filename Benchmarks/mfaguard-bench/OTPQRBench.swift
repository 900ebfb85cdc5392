import Foundation
import OTP
import QRCode

/// In-process throughput of the OTP and QR code paths: codes per second, QR encodes and encode+PNG per
/// second for a typical AWS key URI and for a version 40 symbol.
enum OTPQRBench {
    static func run() throws {
        let secret = Array("12345678901234567890".utf8)
        let totp = try TOTP(secret: secret)
        measure("TOTP SHA1 code", iterations: 200_000) { index in
            _ = totp.code(counter: UInt64(index))
        }
        let uri = try OTPKeyURI(
            issuer: "Amazon Web Services", accountName: "alice@123456789012",
            secret: Array(repeating: 0x5A, count: 40)
        ).uri
        let uriBytes = Array(uri.utf8)
        measure("QR encode (\(uriBytes.count)-byte key URI, M)", iterations: 2_000) { _ in
            _ = try! QRCode.encode(uriBytes, correction: .medium)
        }
        let code = try QRCode.encode(uriBytes, correction: .medium)
        measure("QR PNG scale 8 (version \(code.version))", iterations: 2_000) { _ in
            _ = try! code.pngData(scale: 8)
        }
        measure("QR encode + PNG scale 8 (key URI)", iterations: 2_000) { _ in
            _ = try! QRCode.encode(uriBytes, correction: .medium).pngData(scale: 8)
        }
        measure("QR terminal rendering (key URI)", iterations: 2_000) { _ in
            _ = code.renderTerminal(colors: true)
        }
        let large = [UInt8](repeating: 0x61, count: 2_953)
        measure("QR encode version 40-L (2953 bytes)", iterations: 50) { _ in
            _ = try! QRCode.encode(large, correction: .low)
        }
        let largeCode = try QRCode.encode(large, correction: .low)
        measure("QR PNG scale 8 (version 40)", iterations: 50) { _ in
            _ = try! largeCode.pngData(scale: 8)
        }
    }

    /// Runs `body` `iterations` times and prints operations per second and time per operation.
    private static func measure(_ name: String, iterations: Int, _ body: (Int) -> Void) {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for index in 0..<iterations { body(index) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(iterations) / seconds
        let microseconds = seconds / Double(iterations) * 1e6
        print(
            name.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%12.0f /s %12.1f µs/op", perSecond, microseconds))
    }
}
