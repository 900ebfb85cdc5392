import AWSHTTP
import Foundation

/// A helper process from scripts/testing that prints `ready PORT` once it listens, and exits by
/// itself when the test process goes away.
public final class BackgroundService: @unchecked Sendable {
    /// The loopback port the service listens on (from its `ready PORT` line).
    public let port: Int
    private let process: Process
    private let output: FileHandle

    /// Starts `scripts/testing/<script>` with `arguments` and waits for its `ready PORT` line.
    public init(script: String, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ChildProcess.locate("python3"))
        let path = TestPaths.repoRoot.appendingPathComponent("scripts/testing/\(script)").path
        process.arguments = [path] + arguments + ["--parent-pid", String(ProcessInfo.processInfo.processIdentifier)]
        // Not the test process's own stderr: a helper that outlives a crashed test run must not keep
        // the test runner's pipe open.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let output = try ChildProcess.whileNothingStarts { () throws -> Pipe in
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            return output
        }
        // The first line, read on a thread of its own so that a helper that never says `ready` fails
        // this test after two minutes instead of hanging the run.
        let line = FirstLine()
        let handle = output.fileHandleForReading
        let answered = DispatchSemaphore(value: 0)
        Thread {
            while let byte = try? handle.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                line.append(byte)
            }
            answered.signal()
        }.start()
        guard answered.wait(timeout: .now() + 120) == .success else {
            process.terminate()
            throw TestSupportError("\(script) did not say 'ready PORT' within 120 s")
        }
        let text = String(decoding: line.data, as: UTF8.self)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6)) else {
            process.terminate()
            throw TestSupportError("\(script) did not start: '\(text)'")
        }
        self.port = port
        self.process = process
        self.output = handle
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Ends the service and closes its output pipe (a stopped service may be stopped again).
    public func stop() {
        if process.isRunning { process.terminate() }
        // Foundation does not release a Process (nor its pipe) by itself: see ChildProcess.run.
        try? output.close()
    }

    deinit { stop() }
}

/// The emulator: `moto_server` on a free loopback port.
public enum Moto {
    private static let sharedServer = Result { try BackgroundService(script: "moto_launcher.py") }

    /// One emulator shared by every test of the process; tests use their own IAM names.
    public static func shared() throws -> BackgroundService { try sharedServer.get() }

    /// An emulator of its own, for tests that need to know everything in the account.
    public static func dedicated() throws -> BackgroundService { try BackgroundService(script: "moto_launcher.py") }

    /// Environment for a process that talks to `server` with fixed fake keys and no config files.
    public static func environment(_ server: BackgroundService, home: String, extra: [String: String?] = [:])
        -> [String: String]
    {
        var changes: [String: String?] = [
            "HOME": home, "AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST",
            "AWS_SECRET_ACCESS_KEY": "testsecret", "AWS_REGION": "us-east-1", "NO_COLOR": "1",
        ]
        for (key, value) in extra { changes[key] = value }
        return ChildProcess.environment(changes)
    }
}

/// A fault-injecting, signature-checking proxy in front of an emulator (scripts/testing/aws_proxy.py).
public enum FaultProxy {
    /// Starts a proxy to `upstream`; `faultRate` of the requests get one of `faults`; `failActions`
    /// (`ACTION[*N]:CODE:MESSAGE`) answer an action with an AWS error.
    public static func start(
        upstream: BackgroundService, faultRate: Double = 0, faults: [String] = ["throttle", "500", "drop"],
        seed: Int = 1, keys: [(String, String)] = [("AKIDTESTTESTTEST", "testsecret")], failActions: [String] = [],
        tlsDirectory: String? = nil, rewrites: [Rewrite] = []
    ) throws -> BackgroundService {
        var arguments = [
            "--upstream", upstream.url, "--fault-rate", String(faultRate), "--faults", faults.joined(separator: ","),
            "--seed", String(seed),
        ]
        for key in keys { arguments += ["--key", "\(key.0):\(key.1)"] }
        for failure in failActions { arguments += ["--fail-action", failure] }
        if let tlsDirectory { arguments += ["--tls-dir", tlsDirectory] }
        for rewrite in rewrites {
            let rule = ["action": rewrite.action, "pattern": rewrite.pattern, "replacement": rewrite.replacement]
            let json = try JSONSerialization.data(withJSONObject: rule, options: [.sortedKeys])
            arguments += ["--rewrite", String(decoding: json, as: UTF8.self)]
        }
        return try BackgroundService(script: "aws_proxy.py", arguments: arguments)
    }

    /// An answer the proxy rewrites (Python `re.sub` on the emulator's body) before passing it on.
    public struct Rewrite: Sendable {
        /// The AWS action (`GetCredentialReport`, …) whose answers are rewritten.
        public var action: String
        /// The Python regular expression searched for in the answer's body.
        public var pattern: String
        /// What each match becomes (`re.sub` replacement, `\1` and so on allowed).
        public var replacement: String

        /// Rewrites the bodies of `action`'s answers: `pattern` becomes `replacement`.
        public init(action: String, pattern: String, replacement: String) {
            self.action = action
            self.pattern = pattern
            self.replacement = replacement
        }
    }

    /// The proxy's counters: requests, faults, signature checks, requests per action.
    public struct Stats: Decodable, Sendable {
        /// A request whose SigV4 signature the proxy could not verify.
        public struct SignatureFailure: Decodable, Sendable {
            /// The action of the request.
            public var action: String
            /// What was wrong with its signature.
            public var problem: String
        }
        /// Requests the proxy received.
        public var requests: Int
        /// Faults injected, by kind (`throttle`, `fail-action:ACTION`, `rewrite:ACTION`, …).
        public var faults: [String: Int]
        /// Requests whose signature verified.
        public var signature_ok: Int
        /// Requests whose signature did not verify, in order.
        public var signature_failures: [SignatureFailure]
        /// Requests per AWS action.
        public var actions: [String: Int]
        /// The parameters of the last request of each action.
        public var last_parameters: [String: [String: String]]
        /// The `X-Amz-Security-Token` of the last request of each action (nil: none sent).
        public var last_security_tokens: [String: String?]?
        /// Who signed the last request of each action: `key` (access key id) and `token` (the
        /// `X-Amz-Security-Token` header), each only when present.
        public var last_signer: [String: [String: String]]
    }

    /// The counters of `proxy`; `caBundle` is its certificate when it serves HTTPS (`https://localhost`).
    public static func stats(_ proxy: BackgroundService, caBundle: String? = nil) throws -> Stats {
        let base = caBundle == nil ? proxy.url : "https://localhost:\(proxy.port)"
        let request = HTTPRequest(method: "GET", url: URL(string: "\(base)/__proxy/stats")!, headers: [], body: [])
        let response = try SocketTransport(caBundle: caBundle).sendBlocking(request).get()
        return try JSONDecoder().decode(Stats.self, from: Data(response.body))
    }
}

/// A forward HTTP proxy (scripts/testing/http_proxy.py): CONNECT tunnels and absolute-form requests.
public enum ForwardProxy {
    /// `user`: `USER:PASSWORD` the proxy demands (407 otherwise).
    public static func start(user: String? = nil) throws -> BackgroundService {
        try BackgroundService(script: "http_proxy.py", arguments: user.map { ["--user", $0] } ?? [])
    }

    /// What the proxy did: tunnels opened (`host:port`), requests forwarded (`METHOD absolute-URL`),
    /// requests refused for want of credentials.
    public struct Stats: Decodable, Sendable {
        /// Tunnels opened with CONNECT, as `host:port`.
        public var connects: [String]
        /// Absolute-form requests forwarded, as `METHOD absolute-URL`.
        public var forwarded: [String]
        /// Requests refused with 407 for want of credentials.
        public var rejected: Int
    }

    /// What forward proxy `proxy` did so far (its `/__proxy/stats`).
    public static func stats(_ proxy: BackgroundService) throws -> Stats {
        let request = HTTPRequest(method: "GET", url: URL(string: "\(proxy.url)/__proxy/stats")!, headers: [], body: [])
        let response = try SocketTransport().sendBlocking(request).get()
        return try JSONDecoder().decode(Stats.self, from: Data(response.body))
    }
}

/// A fresh temporary directory, removed by the caller when done.
public func makeTemporaryDirectory(_ prefix: String = "mfaguard-test") throws -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private final class FirstLine: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    func append(_ value: Data) {
        lock.lock()
        bytes += value
        lock.unlock()
    }
    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }
}
