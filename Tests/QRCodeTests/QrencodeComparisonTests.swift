import Foundation
import QRCode
import TestSupport
import Testing

/// Version choice against qrencode (libqrencode), which also picks the smallest version for a level.
struct QrencodeComparisonTests {
    /// Our capacity at a version fits there for qrencode too, and one more byte needs the next version: at
    /// every version and level, so the codeword counts of Table 9 agree exactly.
    @Test func byteModeCapacityBoundariesMatchQrencode() async throws {
        var lines: [String] = []
        var expected: [Int] = []
        for correction in QRErrorCorrection.allCases {
            for version in 1...40 {
                let capacity = QRCapacity.characters(version: version, correction: correction, alphabet: .bytes)
                for count in [capacity, capacity + 1] where !(version == 40 && count > capacity) {
                    lines.append(
                        "head -c \(count) /dev/zero | tr '\\0' 'a' | qrencode -8 -l \(correction.rawValue) "
                            + "-t ASCII -m 0 | wc -l")
                    expected.append(count == capacity ? version : version + 1)
                }
            }
        }
        _ = try ExternalTool("qrencode")
        let output = try await ExternalTool("/bin/sh").run(["-s"], stdin: Data(lines.joined(separator: "\n").utf8))
        let sizes = output.text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        try #require(sizes.count == expected.count, "\(output.stderr)")
        for (index, size) in sizes.enumerated() {
            #expect((size - 17) / 4 == expected[index], "\(lines[index])")
        }
    }

    @Test(arguments: [
        ("01234567", QRErrorCorrection.high),
        ("3141592653589793238462643383279502884197169399375105820974944592", .low),
        ("HELLO WORLD", .quartile), ("HTTPS://EXAMPLE.COM/A-B.C:D $%*+", .medium),
        ("otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXP", .medium),
    ])
    func versionMatchesQrencodeForNumericAlphanumericAndByteTexts(text: String, correction: QRErrorCorrection)
        async throws
    {
        let code = try QRCode.encode(Array(text.utf8), correction: correction)
        let output = try await ExternalTool("qrencode").run(
            ["-l", correction.rawValue, "-t", "ASCII", "-m", "0", text])
        #expect(output.status == 0)
        #expect(output.text.split(separator: "\n").count == code.size)
    }
}
