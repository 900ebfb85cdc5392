import Foundation
import QRCode
import TestSupport
import Testing

/// Our symbols, rendered as PNG, read back by zbarimg byte for byte.
struct ZbarDecodingTests {
    enum Alphabet: CaseIterable {
        case digits, alphanumeric, bytes

        /// Characters per data bit budget, to aim a random length at a version.
        func capacity(of code: (QRErrorCorrection, Int)) -> Int {
            QRCapacity.characters(version: code.1, correction: code.0, alphabet: self)
        }

        func random(count: Int, using random: inout SeededRandom) -> [UInt8] {
            switch self {
            case .digits: return (0..<count).map { _ in UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random) }
            case .alphanumeric:
                let set = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
                return (0..<count).map { _ in set.randomElement(using: &random)! }
            case .bytes: return random.bytes(count)
            }
        }
    }

    struct Sample: Sendable {
        let bytes: [UInt8]
        let correction: QRErrorCorrection
        /// The version the length was aimed at.
        let targetVersion: Int
    }

    /// One text per (level, version) pair, its length random within that version's range, so every block
    /// structure of Table 9 is decoded once; then 40 more of random length, and the exact maxima of 40-L.
    static func samples() -> [Sample] {
        var random = SeededRandom(seed: 18004)
        var samples: [Sample] = []
        for correction in QRErrorCorrection.allCases {
            for version in 1...40 {
                let alphabet = Alphabet.allCases.randomElement(using: &random)!
                let lower = version == 1 ? 1 : alphabet.capacity(of: (correction, version - 1)) + 1
                let upper = alphabet.capacity(of: (correction, version))
                let count = Int.random(in: lower...upper, using: &random)
                samples.append(
                    Sample(
                        bytes: alphabet.random(count: count, using: &random), correction: correction,
                        targetVersion: version))
            }
        }
        for _ in 0..<40 {
            let correction = QRErrorCorrection.allCases.randomElement(using: &random)!
            let count = Int.random(
                in: 1...QRCapacity.characters(version: 40, correction: correction, alphabet: .bytes),
                using: &random)
            samples.append(Sample(bytes: random.bytes(count), correction: correction, targetVersion: 0))
        }
        for alphabet in Alphabet.allCases {
            let count = alphabet.capacity(of: (.low, 40))
            samples.append(
                Sample(
                    bytes: alphabet.random(count: count, using: &random), correction: .low,
                    targetVersion: 40))
        }
        return samples
    }

    @Test func capacitiesOfVersion40LowAreTheStandardsMaxima() {
        #expect(QRCapacity.characters(version: 40, correction: .low, alphabet: .digits) == 7089)
        #expect(QRCapacity.characters(version: 40, correction: .low, alphabet: .alphanumeric) == 4296)
        #expect(QRCapacity.characters(version: 40, correction: .low, alphabet: .bytes) == 2953)
    }

    @Test func zbarDecodesRandomTextsOfEveryVersionAndLevel() async throws {
        let samples = Self.samples()
        #expect(samples.count >= 200)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for sample in samples {
                if running == 3 {
                    try await group.next()
                    running -= 1
                }
                group.addTask {
                    let code = try QRCode.encode(sample.bytes, correction: sample.correction)
                    if sample.targetVersion > 0 {
                        #expect(code.version == sample.targetVersion, "\(sample.bytes.count) bytes")
                    }
                    let png = try code.pngData(scale: code.version > 20 ? 3 : 4, border: 4)
                    let decoded = try await Zbar.decode(png: png)
                    #expect(
                        decoded == sample.bytes,
                        "version \(code.version)-\(sample.correction.rawValue), \(sample.bytes.count) bytes")
                }
                running += 1
            }
            try await group.waitForAll()
        }
    }

    @Test func tooLongTextIsRejectedWithTheLimit() {
        let bytes = [UInt8](repeating: 0xFF, count: 1274)
        #expect(throws: QRCodeError.dataTooLong(byteCount: 1274, maximumByteCount: 1273, correction: .high)) {
            try QRCode.encode(bytes, correction: .high)
        }
        #expect(throws: QRCodeError.self) { try QRCode.encode(Array(repeating: UInt8(ascii: "7"), count: 7090)) }
    }

    @Test(arguments: 0..<8)
    func everyMaskPatternDecodes(mask: Int) async throws {
        let text = Array("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP".utf8)
        let code = try QRCode.encode(text, correction: .quartile, mask: mask)
        #expect(code.mask == mask)
        #expect(try await Zbar.decode(png: code.pngData(scale: 4)) == text)
    }
}
