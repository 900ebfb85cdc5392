import MFAGuardConsole
import OTP
import QuickCommands
import Testing

@testable import MFAGuardKit

/// The generator with a fixed clock and standard input.
struct TOTPCodeGeneratorTests {
    static func generator(stdin: String, now: Int64 = 59) -> TOTPCodeGenerator {
        TOTPCodeGenerator(now: { now }, readStandardInput: { Array(stdin.utf8) })
    }

    @Test func usesTheInjectedClockWhenNoTimeIsGiven() throws {
        let code = try Self.generator(stdin: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n", now: 1_111_111_111)
            .code(for: TOTPCodeRequest(source: .standardInput, digits: 8))
        #expect(code == "14050471")  // RFC 6238 Appendix B, SHA1 at 1111111111
    }

    @Test func optionsOverrideTheURIParameters() throws {
        let uri = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=6&algorithm=SHA256"
        let code = try Self.generator(stdin: uri).code(
            for: TOTPCodeRequest(source: .standardInput, time: 59, digits: 8, algorithm: "SHA1"))
        #expect(code == "94287082")
    }

    @Test func namesTheSourceInErrors() {
        let error = #expect(throws: MFAGuardFailure.self) {
            try Self.generator(stdin: "AB!").code(for: TOTPCodeRequest(source: .standardInput))
        }
        #expect(error?.kind == .input)
        #expect(
            error?.description
                == "standard input: invalid Base32 secret: character '!' at position 3 is not in A-Z, 2-7")
    }

    @Test func rejectsBytesThatAreNotUTF8NamingThePosition() {
        #expect(throws: OTPError.invalidBase32Character("\u{FFFD}", position: 3)) {
            try TOTPCodeGenerator.seed(from: [0x0A, 0x41, 0x42, 0xFF, 0x0A])
        }
    }

    @Test func recognisesTheURISchemeInAnyCase() throws {
        let seed = try TOTPCodeGenerator.seed(from: Array("  OTPAuth://totp/a:b?secret=GEZDGNBV&digits=7\r\n".utf8))
        #expect(seed.digits == 7 && seed.issuer == "a" && seed.accountName == "b")
    }
}
