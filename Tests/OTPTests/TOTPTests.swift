import OTP
import Testing

struct TOTPTests {
    static let totp = try! TOTP(secret: Array("12345678901234567890".utf8), digits: 8)

    @Test func consecutiveCodesAreTheCodesOfThisAndTheNextStep() throws {
        let codes = try Self.totp.consecutiveCodes(at: 59)
        // RFC 6238 Appendix B: T = 1 at time 59; RFC 4226 Appendix D (8-digit form) gives T = 2.
        #expect(codes.first == "94287082")
        #expect(codes.second == Self.totp.code(counter: 2))
    }

    @Test func findsConsecutiveStepWithinWindow() throws {
        let (first, second) = (Self.totp.code(counter: 1000), Self.totp.code(counter: 1001))
        #expect(try Self.totp.consecutiveStep(first: first, second: second, near: 1001 * 30, window: 1) == 1000)
        #expect(try Self.totp.consecutiveStep(first: first, second: second, near: 1003 * 30, window: 3) == 1000)
        #expect(try Self.totp.consecutiveStep(first: first, second: second, near: 1003 * 30, window: 2) == nil)
    }

    @Test func rejectsCodesInTheWrongOrder() throws {
        let (first, second) = (Self.totp.code(counter: 1000), Self.totp.code(counter: 1001))
        #expect(try Self.totp.consecutiveStep(first: second, second: first, near: 1000 * 30, window: 5) == nil)
    }

    @Test func windowAtEpochDoesNotUnderflow() throws {
        let (first, second) = (Self.totp.code(counter: 0), Self.totp.code(counter: 1))
        #expect(try Self.totp.consecutiveStep(first: first, second: second, near: 0, window: 4) == 0)
    }

    @Test func rejectsBadParameters() {
        #expect(throws: OTPError.unsupportedDigits(5)) { try TOTP(secret: [1], digits: 5) }
        #expect(throws: OTPError.unsupportedDigits(9)) { try TOTP(secret: [1], digits: 9) }
        #expect(throws: OTPError.invalidPeriod(0)) { try TOTP(secret: [1], period: 0) }
        #expect(throws: OTPError.emptySecret) { try TOTP(secret: []) }
        #expect(throws: OTPError.invalidTime(-1)) { try Self.totp.code(at: -1) }
    }

    @Test(arguments: ["sha1", "SHA-256", "Sha512"])
    func parsesAlgorithmNames(_ name: String) throws {
        #expect(OTPAlgorithm.allCases.contains(try OTPAlgorithm(name: name)))
    }
}
