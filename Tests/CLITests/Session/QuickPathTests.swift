import Foundation
import TestSupport
import Testing

/// `--version`, `totp`, `qr` and `credential-process` are read without ArgumentParser when their
/// arguments are plain (Sources/QuickCommands/QuickCommand.swift in the small `mfaguard`,
/// Sources/mfaguard-commands/QuickPath.swift in mfaguard-commands). Whatever the arguments, the outcome must be
/// the one ArgumentParser gives: each case runs with and without `MFAGUARD_FULL_PARSER=1` and the two
/// runs must agree on exit status, stdout, stderr and any file written.
@Suite(.serialized) struct QuickPathTests {
    struct Case: Sendable, CustomStringConvertible {
        var arguments: [String]
        var stdin = ""
        var description: String { arguments.joined(separator: " ") }
    }

    // "SEED" is replaced by a seed file, "OUT" by an output path, "HOME" by the home directory.
    static let cases: [Case] = [
        Case(arguments: ["--version"]),
        Case(arguments: ["totp", "--secret-file", "SEED", "--time", "59"]),
        Case(arguments: ["totp", "--time", "1111111109", "--secret-file", "SEED", "--digits", "8"]),
        Case(
            arguments: [
                "totp", "--secret-file", "SEED", "--time", "20000000000", "--algorithm", "SHA512", "--period", "60",
                "--digits", "7",
            ]),
        Case(arguments: ["totp", "--time", "59"], stdin: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n"),
        Case(arguments: ["totp", "--secret-file", "SEED", "--digits", "5"]),
        Case(arguments: ["totp", "--secret-file", "SEED", "--algorithm", "MD5"]),
        Case(arguments: ["totp", "--secret-file", "/nonexistent/seed"]),
        Case(arguments: ["totp", "--secret-file", "SEED", "--time", "abc"]),
        Case(arguments: ["totp", "--secret-file", "SEED", "--time", "-5"]),
        Case(arguments: ["totp", "--secret-file"]),
        Case(arguments: ["totp", "--secret-file=SEED", "--time", "59"]),
        Case(arguments: ["totp", "--secret-file", "SEED", "--digits", "6", "--digits", "7"]),
        Case(arguments: ["totp", "--secret-file", "SEED", "--unknown"]),
        Case(arguments: ["totp", "extra", "--secret-file", "SEED"]),
        Case(arguments: ["totp", "--help"]),
        Case(arguments: ["qr", "hello", "--no-color"]),
        Case(arguments: ["qr", "--invert", "otpauth://totp/x?secret=GEZDGNBV", "--no-color", "--correction", "H"]),
        Case(arguments: ["qr", "-", "--png", "OUT", "--scale", "3", "--border", "1"], stdin: "from stdin\n"),
        Case(arguments: ["qr", "hello", "--svg", "OUT"]),
        Case(arguments: ["qr", "hello", "--correction", "Z"]),
        Case(arguments: ["qr", "hello", "--scale", "x"]),
        Case(arguments: ["qr"]),
        Case(arguments: ["qr", "a", "b"]),
        Case(arguments: ["qr", "hello", "--invert", "--invert"]),
        Case(arguments: ["credential-process"]),
        Case(arguments: ["credential-process", "--profile", "nope"]),
        Case(arguments: ["credential-process", "--profile", "base", "--duration", "3x"]),
        Case(arguments: ["credential-process", "--profile", "base", "--min-remaining", "soon"]),
        Case(arguments: ["credential-process", "--profile", "base"]),
        Case(arguments: ["credential-process", "--min-remaining", "20m", "--profile", "base", "--no-color"]),
        Case(arguments: ["credential-process", "--profile", "base", "--region", "eu-west-1", "--no-chain"]),
        Case(arguments: ["credential-process", "--profile", "base", "--endpoint-url", "http://127.0.0.1:9"]),
        Case(arguments: ["credential-process", "--profile", "base", "--role-arn", "not-an-arn"]),
    ]

    static let home = Result {
        try SessionHome(
            config: "[profile base]\nmfa_serial = \(SessionHome.serial)\nmfa_process = echo 123456\n",
            credentials: "[base]\naws_access_key_id = \(SessionHome.baseKey.0)\n"
                + "aws_secret_access_key = \(SessionHome.baseKey.1)\n")
    }

    struct Outcome: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
        var file: Data?
    }

    func run(_ testCase: Case, fullParser: Bool) throws -> Outcome {
        let home = try Self.home.get()
        let seed = home.path + "/seed"
        try Data("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n".utf8).write(to: URL(fileURLWithPath: seed))
        let output = home.path + "/out-\(fullParser)"
        try? FileManager.default.removeItem(atPath: output)
        let arguments = testCase.arguments.map {
            $0.replacingOccurrences(of: "SEED", with: seed).replacingOccurrences(of: "OUT", with: output)
        }
        let result = try ChildProcess.run(
            "setsid", ["-w", try home.binary] + arguments,
            environment: try home.environment(["MFAGUARD_FULL_PARSER": fullParser ? "1" : nil]),
            stdin: Data(testCase.stdin.utf8))
        return Outcome(
            status: result.status, stdout: result.stdout,
            stderr: result.stderr.replacingOccurrences(of: output, with: "OUT"),
            file: FileManager.default.contents(atPath: output))
    }

    @Test(arguments: cases)
    func bothParsersGiveTheSameOutcome(_ testCase: Case) throws {
        let full = try run(testCase, fullParser: true)
        let quick = try run(testCase, fullParser: false)
        #expect(quick == full)
        // The cases are meant to cover successes and failures alike; an empty outcome would prove nothing.
        #expect(!(full.stdout + full.stderr).isEmpty || full.file != nil)
    }

    /// The comparison above would also pass if the quick path never ran; `--debug` says which parser
    /// read the arguments. (That the small front end runs `totp`, `qr` and `--version` itself is shown
    /// by `LauncherTests.missingCoreIsAClearError`: they work without `mfaguard-commands`.)
    @Test func plainCredentialProcessArgumentsTakeTheQuickPath() throws {
        let arguments = Case(arguments: ["credential-process", "--profile", "nope", "--debug"])
        let quick = try run(arguments, fullParser: false)
        let full = try run(arguments, fullParser: true)
        #expect(quick.stderr.contains("arguments read by the quick path"), "\(quick.stderr)")
        #expect(!quick.stderr.contains("arguments read by ArgumentParser"))
        #expect(full.stderr.contains("arguments read by ArgumentParser"), "\(full.stderr)")
        // Arguments the quick path does not take (`--name=value`) go to ArgumentParser.
        let equals = try run(Case(arguments: ["credential-process", "--profile=nope", "--debug"]), fullParser: false)
        #expect(equals.stderr.contains("arguments read by ArgumentParser"), "\(equals.stderr)")
    }
}
