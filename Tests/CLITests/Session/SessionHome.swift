import Foundation
import TestSupport

/// A scratch home with `~/.aws/config` and `~/.aws/credentials`, and `mfaguard` (and the AWS CLI) run
/// in it against a signature-checking proxy in front of moto.
struct SessionHome {
    static let baseKey = ("AKIDSESSIONBASE01", "basesecret/with+chars")
    static let serial = "arn:aws:iam::123456789012:mfa/alice"

    let path: String
    let proxy: BackgroundService

    init(
        config: String, credentials: String, failActions: [String] = [], rewrites: [FaultProxy.Rewrite] = []
    ) throws {
        let path = try makeTemporaryDirectory("session-home")
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
        try Data(config.utf8).write(to: URL(fileURLWithPath: path + "/.aws/config"))
        try Data(credentials.utf8).write(to: URL(fileURLWithPath: path + "/.aws/credentials"))
        self.path = path
        proxy = try FaultProxy.start(
            upstream: try Moto.shared(), keys: [Self.baseKey], failActions: failActions,
            rewrites: rewrites)
    }

    var configPath: String { path + "/.aws/config" }
    var credentialsPath: String { path + "/.aws/credentials" }
    var cacheDirectory: String { path + "/cache/mfaguard" }
    var binary: String { get throws { try TestPaths.mfaguardBinary.path } }

    /// The environment of a user of this home: mfaguard's directory first on PATH (so
    /// `credential_process = mfaguard …` finds it), the proxy as the endpoint, no AWS keys.
    func environment(_ extra: [String: String?] = [:]) throws -> [String: String] {
        let binDirectory = (try binary as NSString).deletingLastPathComponent
        var changes: [String: String?] = [
            "HOME": path, "AWS_ENDPOINT_URL": proxy.url, "AWS_DEFAULT_REGION": "us-east-1", "NO_COLOR": "1",
            "XDG_CACHE_HOME": path + "/cache",
            "PATH": binDirectory + ":" + ChildProcess.searchPath,
        ]
        for (key, value) in extra { changes[key] = value }
        return ChildProcess.environment(changes)
    }

    /// Runs mfaguard without a controlling terminal (`setsid`), so a prompt cannot happen by accident.
    func mfaguard(_ arguments: [String], _ extra: [String: String?] = [:]) throws -> ChildProcess.Result {
        try ChildProcess.run("setsid", ["-w", try binary] + arguments, environment: try environment(extra))
    }

    /// Runs the AWS CLI (the oracle) in this home.
    func aws(_ arguments: [String], _ extra: [String: String?] = [:]) throws -> ChildProcess.Result {
        try ChildProcess.run(
            "setsid", ["-w", try ChildProcess.locate("aws")] + arguments, environment: try environment(extra))
    }

    func stats() throws -> FaultProxy.Stats { try FaultProxy.stats(proxy) }

    /// Lines appended by an `mfa_process` that counts how often a code was asked for.
    var codeRequests: Int {
        let text = (try? String(contentsOfFile: path + "/code-requests", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    /// An `mfa_process` that records each call and prints a code.
    var countingCodeProcess: String { "echo asked >> \(path)/code-requests; echo 123456" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// `text` without the lines of section `[header]` (its header up to the next header).
func removingSection(_ header: String, from text: String) -> String {
    var output: [Substring] = []
    var inSection = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") { inSection = trimmed == "[\(header)]" }
        if !inSection { output.append(line) }
    }
    return output.joined(separator: "\n")
}

/// The permission bits of a file.
func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Parses `credential_process` output the way a test can trust: Foundation's JSON parser and the
/// documented member names.
func processDocument(_ result: ChildProcess.Result) throws -> [String: Any]? {
    guard result.status == 0 else { return nil }
    return try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
}
