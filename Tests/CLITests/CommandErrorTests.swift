import Foundation
import TestSupport
import Testing

/// Every failure a user meets ends with one line on stderr, the documented exit code and no trace.
struct CommandErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var config: String?
        var configIsDirectory = false
        var environment: [String: String?] = [:]
        var exitCode: Int32
        var messageContains: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown profile", arguments: ["--profile", "nope"], config: "[default]\nregion = us-east-1\n",
            exitCode: 2, messageContains: "profile 'nope' not found"),
        Case(
            name: "syntax error", arguments: [], config: "[default]\nregion us-east-1\n", exitCode: 2,
            messageContains: "config:2: expected 'key = value'"),
        Case(
            name: "unreadable config", arguments: [], config: nil, configIsDirectory: true, exitCode: 2,
            messageContains: "cannot read"),
        Case(
            name: "no credentials", arguments: [], config: "[default]\nregion = us-east-1\n",
            environment: ["AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil], exitCode: 2,
            messageContains: "no AWS credentials"),
        Case(
            name: "half the keys", arguments: [], config: nil, environment: ["AWS_SECRET_ACCESS_KEY": nil],
            exitCode: 2, messageContains: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
        Case(
            name: "bad endpoint URL", arguments: ["--endpoint-url", "not a url"], config: nil, exitCode: 2,
            messageContains: "is not an http(s) URL"),
        Case(
            name: "unreachable endpoint", arguments: ["--endpoint-url", "http://127.0.0.1:9"], config: nil,
            environment: ["AWS_MAX_ATTEMPTS": "2"], exitCode: 3, messageContains: "cannot connect to 127.0.0.1:9"),
        Case(
            name: "missing CA bundle", arguments: [], config: "[default]\nca_bundle = ~/no-such-ca.pem\n",
            exitCode: 2, messageContains: "the CA bundle named by ca_bundle of profile 'default' does not exist"),
        Case(
            name: "unusable proxy", arguments: [], config: nil, environment: ["https_proxy": "socks5://127.0.0.1:1080"],
            exitCode: 2, messageContains: "https_proxy: only http:// proxies are supported"),
        Case(
            name: "refused HTTPS endpoint", arguments: ["--endpoint-url", "https://localhost:1"], config: nil,
            environment: ["AWS_MAX_ATTEMPTS": "1"], exitCode: 3, messageContains: "cannot connect to localhost:1"),
        Case(
            name: "role profile without source", arguments: ["--profile", "r"],
            config: "[profile r]\nrole_arn = arn:aws:iam::1:role/x\n", exitCode: 2,
            messageContains: "neither source_profile nor credential_source"),
    ]

    @Test(arguments: cases)
    func failsWithOneLineAndExitCode(_ testCase: Case) throws {
        let home = try makeTemporaryDirectory("errors-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        if let config = testCase.config {
            try Data(config.utf8).write(to: URL(fileURLWithPath: home + "/.aws/config"))
        }
        if testCase.configIsDirectory {
            try FileManager.default.createDirectory(atPath: home + "/.aws/config", withIntermediateDirectories: true)
        }
        var changes: [String: String?] = [
            "HOME": home, "AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SECRET_ACCESS_KEY": "x",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        ]
        for (key, value) in testCase.environment { changes[key] = value }
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami"] + testCase.arguments,
            environment: ChildProcess.environment(changes))
        #expect(result.status == testCase.exitCode, "stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("mfaguard: "))
        #expect(result.stderr.contains(testCase.messageContains), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func awsErrorAfterRetriesExitsThree() throws {
        let moto = try Moto.shared()
        let proxy = try FaultProxy.start(upstream: moto, faultRate: 1.0, faults: ["throttle"])
        let home = try makeTemporaryDirectory("errors-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami"],
            environment: Moto.environment(proxy, home: home, extra: ["AWS_MAX_ATTEMPTS": "2"]))
        #expect(result.status == 3)
        #expect(
            result.stderr
                == "mfaguard: STS.GetCallerIdentity failed: Throttling: injected by the test proxy [request id proxy-fault]\n"
        )
        #expect(try FaultProxy.stats(proxy).requests == 2)
    }

    @Test func debugLogRedactsSecrets() throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("debug-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami", "--debug"],
            environment: Moto.environment(
                moto, home: home, extra: ["AWS_SESSION_TOKEN": "SESSIONTOKENSECRETVALUE"]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Signature=<redacted>"))
        #expect(result.stderr.contains("X-Amz-Security-Token: <redacted>"))
        #expect(!result.stderr.contains("SESSIONTOKENSECRETVALUE"))
        #expect(!result.stderr.contains("testsecret"))
    }
}
