import Foundation
import TestSupport
import Testing

/// `mfaguard totp` end to end, against RFC 6238's vectors and oathtool.
struct TOTPCommandTests {
    static let rfcSeed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  // Base32 of "12345678901234567890"

    @Test func printsRFC6238CodeFromSecretFile() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = try scratch.write(Self.rfcSeed + "\n", to: "seed")
        let output = try await MFAGuardBinary().run([
            "totp", "--secret-file", file, "--time", "1111111109", "--digits", "8",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.text == "07081804\n")
    }

    @Test func readsTheSeedFromStandardInput() async throws {
        let output = try await MFAGuardBinary().run(
            ["totp", "--time", "1234567890", "--digits", "8"], stdin: Self.rfcSeed.lowercased() + "\n")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.text == "89005924\n")
    }

    @Test(arguments: [("SHA256", 60, 7), ("SHA512", 45, 6), ("SHA1", 30, 8)])
    func matchesOathtoolNowForEachAlgorithm(algorithm: String, period: Int, digits: Int) async throws {
        let seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        let time = Int64(Date().timeIntervalSince1970)
        let ours = try await MFAGuardBinary().run(
            ["totp", "--algorithm", algorithm, "--period", "\(period)", "--digits", "\(digits)", "--time", "\(time)"],
            stdin: seed)
        let oathtool = try await ExternalTool("oathtool").run([
            "--totp=\(algorithm.lowercased())", "-b", "--digits=\(digits)", "--time-step-size=\(period)s",
            "--now=@\(time)", seed,
        ])
        #expect(ours.status == 0 && oathtool.status == 0, "\(ours.stderr) \(oathtool.stderr)")
        #expect(ours.text == oathtool.text)
    }

    @Test func usesTheCurrentTimeByDefault() async throws {
        let before = Int64(Date().timeIntervalSince1970)
        let output = try await MFAGuardBinary().run(["totp"], stdin: Self.rfcSeed)
        let after = Int64(Date().timeIntervalSince1970)
        // The codes of every step between the moments just before and just after the run (a loaded
        // machine can take many seconds to start a process).
        let steps = Int((after / 30) - (before / 30))
        let oathtool = try await ExternalTool("oathtool").run([
            "--totp", "-b", "--now=@\(before)", "--window=\(steps)", Self.rfcSeed,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(oathtool.text.split(separator: "\n").contains(Substring(output.text.dropLast())))
    }

    @Test func takesParametersFromAnOtpauthURIFile() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = try scratch.write(
            "otpauth://totp/Example:alice?secret=\(Self.rfcSeed)&digits=8&period=30&issuer=Example\n", to: "uri")
        let output = try await MFAGuardBinary().run(["totp", "--secret-file", file, "--time", "59"])
        #expect(output.text == "94287082\n")
    }

    @Test(arguments: [
        (["totp", "--time", "59"], "GEZDGNB1", "standard input: invalid Base32 secret: character '1' at position 8"),
        (
            ["totp", "--secret-file", "/nonexistent/seed"], "",
            "cannot read /nonexistent/seed: No such file or directory"
        ),
        (["totp", "--digits", "5"], rfcSeed, "unsupported number of digits 5"),
        (["totp", "--algorithm", "MD5"], rfcSeed, "unsupported algorithm 'MD5'"),
        (["totp", "--period", "0"], rfcSeed, "invalid period 0"),
        (["totp"], "", "invalid secret: it is empty"),
    ])
    func badInputExitsWithTwoAndOneLine(arguments: [String], stdin: String, message: String) async throws {
        let output = try await MFAGuardBinary().run(arguments, stdin: stdin)
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("mfaguard: ") && output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test func neverEchoesTheSeedInErrors() async throws {
        let output = try await MFAGuardBinary().run(["totp", "--digits", "9"], stdin: Self.rfcSeed)
        #expect(output.status == 2)
        #expect(!output.stderr.contains(Self.rfcSeed))
    }
}
