import Foundation
import TestSupport
import Testing

/// `mfaguard whoami` against endpoints that answer like a broken gateway or an attacker (issue 13):
/// every attempt ends in one `mfaguard:` line, exit 3, within bounded time, nothing raw on the terminal.
struct HostileEndpointTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var messageContains: String
        var deadline = 60
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "200 with an empty identity", arguments: ["--mode", "answer", "--template", "identity-empty"],
            messageContains: "STS.GetCallerIdentity failed: the answer has no <Account>"),
        Case(
            name: "200 with an ErrorResponse", arguments: ["--mode", "answer", "--template", "error-response"],
            messageContains: "STS.GetCallerIdentity failed: AccessDenied: injected by the hostile endpoint"),
        Case(
            name: "200 without the result element", arguments: ["--mode", "answer", "--template", "no-result"],
            messageContains: "the answer has no <GetCallerIdentityResult>"),
        Case(
            name: "wrong root element", arguments: ["--mode", "answer", "--template", "wrong-root"],
            messageContains: "not an AWS GetCallerIdentity answer (root element <SomethingElseResponse>)"),
        Case(
            name: "XHTML captive portal", arguments: ["--mode", "answer", "--template", "xhtml"],
            messageContains: "an HTML page, not an AWS answer"),
        Case(
            name: "HTML page", arguments: ["--mode", "answer", "--template", "html"],
            messageContains: "an HTML page, not an AWS answer"),
        Case(
            name: "XML nested 200k levels",
            arguments: ["--mode", "answer", "--template", "nested", "--depth", "200000"],
            messageContains: "nested deeper than 512 elements"),
        Case(
            name: "XML nested 30k levels",
            arguments: ["--mode", "answer", "--template", "nested", "--depth", "30000"],
            messageContains: "nested deeper than 512 elements"),
        Case(
            name: "dripping server", arguments: ["--mode", "drip", "--interval", "0.2"],
            messageContains: "within 2 s (the request deadline)", deadline: 2),
        Case(
            name: "stalling server", arguments: ["--mode", "stall"],
            messageContains: "within 2 s (the request deadline)", deadline: 2),
        Case(
            name: "endless 100 Continue", arguments: ["--mode", "continue", "--interval", "0.05"],
            messageContains: "more than 10 interim (1xx) answers"),
    ]

    @Test(arguments: cases)
    func endsInOneLineAndExitThree(_ testCase: Case) throws {
        let endpoint = try HostileEndpoint.start(testCase.arguments)
        defer { endpoint.stop() }
        let home = try makeTemporaryDirectory("hostile-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try HostileEndpoint.run(["whoami"], endpoint: endpoint, home: home, deadline: testCase.deadline)
        #expect(run.result.status == 3, "stderr: \(run.result.stderr)")
        #expect(run.result.stdout.isEmpty)
        #expect(run.result.stderr.hasPrefix("mfaguard: "))
        #expect(run.result.stderr.split(separator: "\n").count == 1, "stderr: \(run.result.stderr)")
        #expect(run.result.stderr.contains(testCase.messageContains), "stderr: \(run.result.stderr)")
        // Bounded: well under the 300 s a dripping server used to hold a command.
        #expect(run.seconds < Double(testCase.deadline) + 20, "took \(run.seconds) s")
    }

    @Test func escapesAndLineBreaksFromTheServerNeverReachTheTerminal() throws {
        let endpoint = try HostileEndpoint.start(["--mode", "answer", "--status", "403", "--template", "escapes"])
        defer { endpoint.stop() }
        let home = try makeTemporaryDirectory("hostile-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try HostileEndpoint.run(["whoami"], endpoint: endpoint, home: home)
        let stderr = run.result.stderr
        #expect(run.result.status == 3)
        #expect(stderr.hasPrefix("mfaguard: STS.GetCallerIdentity failed: AccessDenied"))
        // One line: the forged "mfaguard: all clear" stays inside it.
        #expect(stderr.split(separator: "\n").count == 1, "stderr: \(stderr)")
        #expect(stderr.filter { $0 == "\n" }.count == 1)
        let controls = stderr.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
        }
        #expect(controls.isEmpty, "control characters: \(controls.map { $0.value })")
    }

    @Test func aFiveMegabyteErrorMessageIsCut() throws {
        let endpoint = try HostileEndpoint.start(["--mode", "answer", "--status", "403", "--template", "huge-error"])
        defer { endpoint.stop() }
        let home = try makeTemporaryDirectory("hostile-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try HostileEndpoint.run(["whoami"], endpoint: endpoint, home: home)
        #expect(run.result.status == 3)
        #expect(run.result.stderr.utf8.count < 1000, "\(run.result.stderr.utf8.count) bytes")
        #expect(run.result.stderr.contains("more characters)"))
    }

    @Test func aCredentialsFileErrorNeverEchoesTheSecretLine() throws {
        let home = try makeTemporaryDirectory("hostile-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        let secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
        try Data("[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key \(secret)\n".utf8)
            .write(to: URL(fileURLWithPath: home + "/.aws/credentials"))
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami"],
            environment: ChildProcess.environment(["HOME": home, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"]))
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr == "mfaguard: \(home)/.aws/credentials:3: expected 'key = value' or a [section] header\n")
        #expect(!result.stderr.contains(secret))
    }

    @Test func coreDumpsAreOffForTheProcessThatHoldsSecrets() throws {
        let endpoint = try HostileEndpoint.start(["--mode", "stall"])
        defer { endpoint.stop() }
        let home = try makeTemporaryDirectory("hostile-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let process = Process()
        process.executableURL = try TestPaths.mfaguardBinary
        process.arguments = ["whoami"]
        process.environment = ChildProcess.environment([
            "HOME": home, "AWS_ENDPOINT_URL": endpoint.url, "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST",
            "AWS_SECRET_ACCESS_KEY": "testsecret", "AWS_MAX_ATTEMPTS": "1", "MFAGUARD_REQUEST_DEADLINE": "30",
        ])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.start(process)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // `mfaguard` execs mfaguard-commands in the same process; only its start-up sets the hard limit to 0.
        var limits = ""
        for _ in 0..<200 {
            limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
            let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
            if line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first == "0" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        let fields = line?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        #expect(fields.count >= 6 && fields[4] == "0" && fields[5] == "0", "limits: \(line ?? "none")")
    }
}
