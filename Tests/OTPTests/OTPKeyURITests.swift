import Foundation
import OTP
import TestSupport
import Testing

struct OTPKeyURITests {
    static let secret = Array("12345678901234567890".utf8)

    @Test func buildsAWSStyleURI() throws {
        let uri = try OTPKeyURI(issuer: "Amazon Web Services", accountName: "alice@123456789012", secret: Self.secret)
        #expect(
            uri.uri
                == "otpauth://totp/Amazon%20Web%20Services:alice@123456789012"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services")
    }

    @Test func parsesAWSStyleURI() throws {
        let parsed = try OTPKeyURI(
            parsing: "otpauth://totp/Amazon%20Web%20Services:alice@123456789012"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services")
        #expect(parsed.issuer == "Amazon Web Services")
        #expect(parsed.accountName == "alice@123456789012")
        #expect(parsed.secret == Self.secret)
        #expect(parsed.algorithm == .sha1 && parsed.digits == 6 && parsed.period == 30)
    }

    @Test func writesNonDefaultParametersAndReadsThemBack() throws {
        let original = try OTPKeyURI(
            issuer: "ACME Co & Sons/Ünïcode", accountName: "bob smith+test@example.com", secret: Self.secret,
            algorithm: .sha512, digits: 8, period: 60)
        #expect(original.uri.contains("&algorithm=SHA512&digits=8&period=60"))
        #expect(try OTPKeyURI(parsing: original.uri) == original)
    }

    @Test func acceptsLabelPrefixSpacesPlusAndLowerCaseScheme() throws {
        let parsed = try OTPKeyURI(parsing: "OTPAUTH://TOTP/Example%3A%20alice?secret=gezdgnbv&Issuer=Ex+ample")
        #expect(parsed.issuer == "Ex ample")
        #expect(parsed.accountName == "alice")
        let noIssuer = try OTPKeyURI(parsing: "otpauth://totp/Example:alice?secret=GEZDGNBV")
        #expect(noIssuer.issuer == "Example")
    }

    @Test(arguments: [
        "https://totp/x?secret=GEZDGNBV", "otpauth://hotp/x?secret=GEZDGNBV&counter=1", "otpauth://totp/x",
        "otpauth://totp/x?secret=GEZ1", "otpauth://totp/x?secret=GEZDGNBV&digits=9",
        "otpauth://totp/x?secret=GEZDGNBV&algorithm=MD5", "otpauth://totp/x%2?secret=GEZDGNBV",
        "otpauth://totp/x?secret=GEZDGNBV&period=0",
    ])
    func rejectsMalformedURIs(_ text: String) {
        #expect(throws: OTPError.self) { try OTPKeyURI(parsing: text) }
    }

    @Test func rejectsColonInIssuer() {
        #expect(throws: OTPError.self) { try OTPKeyURI(issuer: "a:b", accountName: "c", secret: Self.secret) }
    }

    /// Python's `urllib.parse` decodes our labels and parameters to the original strings.
    @Test func pythonURLParserReadsOurURIs() async throws {
        let uri = try OTPKeyURI(
            issuer: "Amazon Web Services", accountName: "ünï côde#?&=%@123456789012", secret: Self.secret, digits: 7)
        let script = """
            import sys, urllib.parse as u
            p = u.urlsplit(sys.stdin.read())
            q = u.parse_qs(p.query)
            print(u.unquote(p.path[1:])); print(q["issuer"][0]); print(q["secret"][0]); print(q["digits"][0])
            """
        let output = try await ExternalTool("python3").run(["-c", script], stdin: Data(uri.uri.utf8))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.text.split(separator: "\n").map(String.init) == [
                "Amazon Web Services:ünï côde#?&=%@123456789012", "Amazon Web Services",
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "7",
            ])
    }
}
