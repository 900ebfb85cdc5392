import Foundation
import OTP
import TestSupport
import Testing

struct Base32Tests {
    /// RFC 4648 §10 test vectors.
    static let rfcVectors: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test(arguments: rfcVectors)
    func encodesAndDecodesRFC4648Vectors(plain: String, encoded: String) throws {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(try Base32.decode(encoded) == Array(plain.utf8))
        let unpadded = String(encoded.filter { $0 != "=" })
        #expect(Base32.encode(Array(plain.utf8), padding: false) == unpadded)
        #expect(try Base32.decode(unpadded) == Array(plain.utf8))
    }

    @Test func decodingIgnoresCaseAndSpaces() throws {
        #expect(try Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(try Base32.decode("  MZXW6YTBOI====== ") == Array("foobar".utf8))
    }

    @Test(arguments: [
        ("MZXW6YTB1I", OTPError.invalidBase32Character("1", position: 9)),
        ("MZ-W", OTPError.invalidBase32Character("-", position: 3)),
        ("MZXW\n6", OTPError.invalidBase32Character("\n", position: 5)),
        ("MY==MY==", OTPError.misplacedBase32Padding(position: 3)),
        ("MZX", OTPError.invalidBase32Length(3)),
        ("A", OTPError.invalidBase32Length(1)),
    ])
    func rejectsBadInputNamingCharacterAndPosition(text: String, expected: OTPError) {
        #expect(throws: expected) { try Base32.decode(text) }
    }

    @Test func errorMessageNamesTheCharacterAndPosition() {
        #expect(
            OTPError.invalidBase32Character("1", position: 9).description
                == "invalid Base32 secret: character '1' at position 9 is not in A-Z, 2-7")
        #expect(OTPError.invalidBase32Character("\n", position: 5).description.contains("U+000A at position 5"))
    }

    /// Python's `base64.b32encode` is the oracle for 300 random byte strings of 0...80 bytes.
    @Test func matchesPythonBase64OnRandomBytes() async throws {
        var random = SeededRandom(seed: 32)
        let inputs = (0..<300).map { _ in random.bytes(Int.random(in: 0...80, using: &random)) }
        let hexLines = inputs.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n")
        let script = """
            import base64, sys
            for line in sys.stdin.read().split("\\n"):
                print(base64.b32encode(bytes.fromhex(line)).decode())
            """
        let output = try await ExternalTool("python3").run(["-c", script], stdin: Data(hexLines.utf8))
        #expect(output.status == 0, "\(output.stderr)")
        let expected = output.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(expected.count >= inputs.count)
        for (index, bytes) in inputs.enumerated() {
            #expect(Base32.encode(bytes) == expected[index])
            #expect(try Base32.decode(expected[index].lowercased()) == bytes)
        }
    }
}
