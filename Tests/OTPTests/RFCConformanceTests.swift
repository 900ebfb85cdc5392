import Foundation
import OTP
import TestSupport
import Testing

/// The RFC 4226 Appendix D and RFC 6238 Appendix B vectors, read from ../shared/conformance/otp.
struct RFCConformanceTests {
    struct HOTPCase: Decodable, Sendable, CustomTestStringConvertible {
        let counter: UInt64
        let code: String
        var testDescription: String { "counter \(counter)" }
    }

    struct HOTPFile: Decodable {
        let secretASCII: String
        let cases: [HOTPCase]
    }

    struct TOTPCase: Decodable, Sendable, CustomTestStringConvertible {
        let algorithm: String
        let secretASCII: String
        let time: Int64
        let period: Int
        let digits: Int
        let code: String
        var testDescription: String { "\(algorithm) at \(time)" }
    }

    struct TOTPFile: Decodable {
        let cases: [TOTPCase]
    }

    static func hotpFile() throws -> HOTPFile {
        let url = try TestPaths.shared("conformance/otp/rfc4226.json")
        return try JSONDecoder().decode(HOTPFile.self, from: Data(contentsOf: url))
    }

    static func totpCases() throws -> [TOTPCase] {
        let url = try TestPaths.shared("conformance/otp/rfc6238.json")
        return try JSONDecoder().decode(TOTPFile.self, from: Data(contentsOf: url)).cases
    }

    @Test func conformanceFilesHoldTheWholeAppendices() throws {
        #expect(try Self.hotpFile().cases.count == 10)
        #expect(try Self.totpCases().count == 18)
    }

    @Test(arguments: try hotpFile().cases)
    func hotpMatchesRFC4226AppendixD(_ testCase: HOTPCase) throws {
        let hotp = try HOTP(secret: Array(try Self.hotpFile().secretASCII.utf8))
        #expect(hotp.code(counter: testCase.counter) == testCase.code)
    }

    @Test(arguments: try totpCases())
    func totpMatchesRFC6238AppendixB(_ testCase: TOTPCase) throws {
        let totp = try TOTP(
            secret: Array(testCase.secretASCII.utf8), algorithm: try OTPAlgorithm(name: testCase.algorithm),
            digits: testCase.digits, period: testCase.period)
        #expect(try totp.code(at: testCase.time) == testCase.code)
    }
}
