import Foundation
import TestSupport
import Testing

/// Errors as the README promises them: usage errors are one `mfaguard:` line and one `hint:` line
/// (exit 2), and every option a message suggests exists on the command it names — a hint that points
/// at a missing option is worse than none.
@Suite struct ErrorMessageTests {
    static func mfaguard(_ arguments: [String], environment: [String: String?] = [:]) throws -> ChildProcess.Result {
        // setsid: no controlling terminal, as under cron, CI or an SDK.
        try ChildProcess.run(
            "setsid", ["-w", try TestPaths.mfaguardBinary.path] + arguments,
            environment: ChildProcess.environment(environment))
    }

    static let usageErrors: [([String], String)] = [
        (["audit", "--bogus"], "mfaguard: Unknown option '--bogus'"),
        (["audit", "--format", "xml"], "mfaguard: The value 'xml' is invalid for '--format <format>'."),
        (["bogus"], "mfaguard: unknown command 'bogus'"),
        (["help", "bogus"], "mfaguard: unknown command 'bogus'"),
        (["help", "policy", "nope"], "mfaguard: unknown command 'nope'"),
        (["policy", "generate", "nope"], "mfaguard: The value 'nope' is invalid for '<kind>'."),
        (["device", "enable"], "mfaguard: Missing expected argument '--serial <serial>'"),
        (["session", "--code", "1", "--code-command", "x", "--json"], "mfaguard: Give --code or --code-command"),
        (["audit", "--max-rate", "0.000001"], "mfaguard: --max-rate must be from 0.1 to 1000 requests per second"),
        (["audit", "--max-rate", "inf"], "mfaguard: --max-rate must be from 0.1 to 1000 requests per second"),
        (["snapshot", "-o", "x", "--max-rate", "nan"], "mfaguard: --max-rate must be from 0.1 to 1000"),
        (["audit", "--concurrency", "100000"], "mfaguard: --concurrency must be from 1 to 50"),
        // IAM's name rules, before any call (IAM would refuse them only after the plan was shown).
        (["enforce", "plan", "--group", ""], "mfaguard: --group '' is not an IAM group name: 1-128 of"),
        (["enforce", "plan", "--group", "bad/name"], "mfaguard: --group 'bad/name' is not an IAM group name"),
        (["enforce", "apply", "--group", String(repeating: "g", count: 129)], "mfaguard: --group 'ggg"),
        (
            ["enforce", "plan", "--group", "g", "--admin-role", "a b"],
            "mfaguard: --admin-role 'a b' is not an IAM role"
        ),
        (
            [
                "enforce", "plan", "--group", "g", "--admin-role", String(repeating: "r", count: 64), "--policy-prefix",
                String(repeating: "p", count: 64),
            ],
            "mfaguard: --admin-role 'rrr"
        ),
        (["enforce", "plan", "--group", "g", "--users", "alice,bob smith"], "mfaguard: --users 'bob smith' is not"),
        (
            ["enforce", "plan", "--group", "g", "--admin-role", "r", "--role-policy-arn", "AdministratorAccess"],
            "mfaguard: --role-policy-arn 'AdministratorAccess' is not a managed policy ARN"
        ),
    ]

    @Test(arguments: ["99999999999999h", "37h"]) func absurdMinimumRemainingIsRefused(value: String) throws {
        let result = try Self.mfaguard(["credential-process", "--profile", "p", "--min-remaining", value])
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix("mfaguard: --min-remaining \(value) is longer than any MFA session"),
            "\(result.stderr)")
    }

    @Test(arguments: usageErrors) func usageErrorsAreOneLineAndOneHint(arguments: [String], message: String) throws {
        let result = try Self.mfaguard(arguments)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "\(result.stderr)")
        #expect(lines.first?.hasPrefix(message) == true, "\(result.stderr)")
        let hint = try #require(lines.dropFirst().first)
        let help = try #require(
            hint.firstMatch(of: /^hint: run '(mfaguard[a-z -]*) --help' for the (options|commands)$/))
        // The hinted help exists and is the command's own.
        let words = help.1.split(separator: " ").dropFirst().map(String.init)
        let helpRun = try Self.mfaguard(words + ["--help"])
        #expect(helpRun.status == 0, "\(help.1) --help: \(helpRun.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["HIGH", "High", "critical"]) func choicesIgnoreCase(severity: String) throws {
        // Parsing succeeds; the run then stops at the missing credentials (exit 2 with that message).
        let result = try Self.mfaguard(
            ["audit", "--fail-on", severity, "--format", "JSON"], environment: ["HOME": "/nonexistent"])
        #expect(result.stderr.hasPrefix("mfaguard: no AWS credentials"), "\(result.stderr)")
    }

    /// `--flags` a message suggests, each with the command it belongs to: inside a quoted command line
    /// (`mfaguard session --code CODE …`, up to the next `;`, `'`, `"` or `)`) that command, elsewhere
    /// the command that printed the message.
    static func suggestedOptions(in message: String, command: [String]) -> [([String], String)] {
        var found: [([String], String)] = []
        var rest = Substring(message)
        while let phrase = rest.firstMatch(of: /mfaguard((?: [a-z][a-z-]*)*)([^;'")]*)/) {
            for flag in rest[..<phrase.range.lowerBound].matches(of: /--[a-z][a-z0-9-]*/) {
                found.append((command, String(flag.output)))
            }
            let owner = phrase.1.split(separator: " ").map(String.init)
            for flag in phrase.2.matches(of: /--[a-z][a-z0-9-]*/) { found.append((owner, String(flag.output))) }
            rest = rest[phrase.range.upperBound...]
        }
        for flag in rest.matches(of: /--[a-z][a-z0-9-]*/) { found.append((command, String(flag.output))) }
        return found
    }

    /// The error paths that suggest options, run without a terminal; each suggestion must exist.
    @Test func everySuggestedOptionExistsOnItsCommand() throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("hints")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try """
        [profile admin]
        role_arn = arn:aws:iam::123456789012:role/admin
        source_profile = base
        mfa_serial = arn:aws:iam::123456789012:mfa/hints
        [profile base]
        mfa_serial = arn:aws:iam::123456789012:mfa/hints
        """.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        try "[base]\naws_access_key_id = AKIDTESTTESTTEST\naws_secret_access_key = testsecret\n".write(
            toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
        let environment: [String: String?] = [
            "HOME": home, "AWS_ENDPOINT_URL": moto.url, "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST", "AWS_SECRET_ACCESS_KEY": "testsecret",
        ]
        var keyless = environment
        keyless["AWS_ACCESS_KEY_ID"] = nil
        keyless["AWS_SECRET_ACCESS_KEY"] = nil
        let cases: [([String], [String: String?])] = [
            (["credential-process", "--profile", "base"], keyless),
            (["session", "--profile", "base", "--json", "--no-cache"], keyless),
            (["whoami", "--profile", "admin"], keyless),
            (["audit", "--profile", "admin"], keyless),
            (
                [
                    "configure", "mfa-profile", "--name", "x", "--source-profile", "base", "--mfa-serial",
                    "arn:aws:iam::1:mfa/x",
                ], keyless
            ),
        ]
        var checked = 0
        for (arguments, environment) in cases {
            let result = try Self.mfaguard(arguments, environment: environment)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            let command: [String] = Array(arguments.prefix(while: { (word: String) in !word.hasPrefix("-") }))
            let suggestions = Self.suggestedOptions(in: result.stderr, command: command)
            #expect(!suggestions.isEmpty, "\(arguments) suggests nothing: \(result.stderr)")
            for (owner, option) in suggestions {
                let help = try Self.mfaguard(owner + ["--help"])
                #expect(help.status == 0)
                #expect(
                    help.stdout.contains(option + " ") || help.stdout.contains(option + "\n"),
                    "\(arguments) suggests \(option) of 'mfaguard \(owner.joined(separator: " "))', which has none: \(result.stderr)"
                )
                checked += 1
            }
        }
        #expect(checked >= cases.count)
    }
}
