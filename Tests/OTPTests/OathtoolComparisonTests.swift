import Foundation
import OTP
import TestSupport
import Testing

/// Our HOTP/TOTP against oathtool (OATH Toolkit) on random secrets, times, algorithms, digits and periods.
///
/// oathtool is run from one `sh` per batch of cases so that 1,000+ invocations stay fast; the secrets
/// are random test data, passed as hex arguments.
struct OathtoolComparisonTests {
    struct Case {
        let secret: [UInt8]
        let algorithm: OTPAlgorithm
        let digits: Int
        let period: Int
        let time: Int64
        /// HOTP with this counter instead of TOTP at `time`.
        let counter: UInt64?
    }

    static func randomCases(count: Int, seed: UInt64) -> [Case] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            let algorithm = OTPAlgorithm.allCases.randomElement(using: &random)!
            return Case(
                secret: random.bytes(Int.random(in: 1...64, using: &random)),
                algorithm: algorithm,
                digits: Int.random(in: 6...8, using: &random),
                period: [1, 15, 30, 30, 60, 90, 3600, Int.random(in: 1...86_400, using: &random)]
                    .randomElement(using: &random)!,
                time: Int64.random(in: 0...4_102_444_800, using: &random),
                counter: index % 5 == 0 ? UInt64.random(in: 0...UInt64(UInt32.max) * 4, using: &random) : nil
            )
        }
    }

    /// oathtool's command line for one case; a window of 2 prints the code of the next step as well.
    static func command(for testCase: Case) -> String {
        let hex = testCase.secret.map { String(format: "%02x", $0) }.joined()
        if let counter = testCase.counter {
            return "oathtool --hotp --digits=\(testCase.digits) --counter=\(counter) --window=1 \(hex)"
        }
        let mode = "--totp=\(testCase.algorithm.rawValue.lowercased())"
        return "oathtool \(mode) --digits=\(testCase.digits) --time-step-size=\(testCase.period)s"
            + " --now=@\(testCase.time) --window=1 \(hex)"
    }

    static func ourCodes(for testCase: Case) throws -> [String] {
        if let counter = testCase.counter {
            let hotp = try HOTP(secret: testCase.secret, algorithm: .sha1, digits: testCase.digits)
            return [hotp.code(counter: counter), hotp.code(counter: counter + 1)]
        }
        let totp = try TOTP(
            secret: testCase.secret, algorithm: testCase.algorithm, digits: testCase.digits, period: testCase.period)
        let codes = try totp.consecutiveCodes(at: testCase.time)
        return [codes.first, codes.second]
    }

    @Test func codesMatchOathtoolOnTwelveHundredRandomCases() async throws {
        let shell = try ExternalTool("/bin/sh")
        _ = try ExternalTool("oathtool")
        let cases = Self.randomCases(count: 1_200, seed: 0x6F61_7468)
        var compared = 0
        for batchStart in stride(from: 0, to: cases.count, by: 200) {
            let batch = Array(cases[batchStart..<min(batchStart + 200, cases.count)])
            let script = "set -e\n" + batch.map(Self.command(for:)).joined(separator: "\n") + "\n"
            let output = try await shell.run(["-s"], stdin: Data(script.utf8))
            #expect(output.status == 0, "oathtool failed: \(output.stderr)")
            let lines = output.text.split(separator: "\n").map(String.init)
            try #require(lines.count == batch.count * 2, "oathtool printed \(lines.count) lines")
            for (index, testCase) in batch.enumerated() {
                let expected = Array(lines[(index * 2)...(index * 2 + 1)])
                #expect(try Self.ourCodes(for: testCase) == expected, "\(Self.command(for: testCase))")
                compared += 1
            }
        }
        #expect(compared == 1_200)
    }
}
