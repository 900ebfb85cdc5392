import Foundation

/// A hostile AWS endpoint (scripts/testing/hostile_endpoint.py): answers every request the same bad
/// way — a chosen status and body or template, dripped bytes, a stall, endless `100 Continue`.
public enum HostileEndpoint {
    /// Starts one; `arguments` are the script's (`--mode answer --template xhtml`, `--mode drip`, …).
    public static func start(_ arguments: [String]) throws -> BackgroundService {
        try BackgroundService(script: "hostile_endpoint.py", arguments: arguments)
    }

    /// What a run of `mfaguard` left, and how long it took (wall clock).
    public struct Run: Sendable {
        /// How `mfaguard` ended and what it printed.
        public var result: ChildProcess.Result
        /// Wall-clock seconds from start to exit.
        public var seconds: Double
    }

    /// Runs `mfaguard arguments` against `endpoint` with fixed fake keys, one attempt per call and
    /// `deadline` as the request deadline (`MFAGUARD_REQUEST_DEADLINE`).
    public static func run(
        _ arguments: [String], endpoint: BackgroundService, home: String, deadline: Int = 60,
        extra: [String: String?] = [:]
    ) throws -> Run {
        var environment: [String: String?] = [
            "HOME": home, "AWS_ENDPOINT_URL": endpoint.url, "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST",
            "AWS_SECRET_ACCESS_KEY": "testsecret", "AWS_REGION": "us-east-1", "NO_COLOR": "1",
            "AWS_MAX_ATTEMPTS": "1", "MFAGUARD_REQUEST_DEADLINE": String(deadline),
        ]
        for (key, value) in extra { environment[key] = value }
        let start = Date()
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, arguments, environment: ChildProcess.environment(environment))
        return Run(result: result, seconds: Date().timeIntervalSince(start))
    }
}
