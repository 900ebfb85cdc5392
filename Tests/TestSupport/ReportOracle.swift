import Foundation

/// Runs the independent consumers under Fixtures/reports (Python scripts using jsonschema, junitparser,
/// prometheus_client, Chromium, …) on a rendered report and decodes what they print: the renderers'
/// unit tests (MFAGuardKitTests/Reports) and the end-to-end audits (CLITests) read reports through them.
public enum ReportOracle {
    /// The folder of the consumer scripts, `Tests/TestSupport/Fixtures/reports`.
    public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reports")
    /// The repository root (for `docs/report.schema.json`).
    public static let repositoryRoot = TestPaths.repoRoot

    /// A consumer script that is missing or exited non-zero.
    public struct Failure: Error, CustomStringConvertible {
        /// The script and what it printed on stderr.
        public let description: String
    }

    /// A fresh directory for one test's files.
    public static func workDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mfaguard-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `text` to a file in a fresh directory and returns the file.
    public static func write(_ text: String, named name: String) throws -> URL {
        let file = try workDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Removes the directory `write(_:named:)` made for `file`.
    public static func discard(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    /// Runs `python3 Fixtures/reports/SCRIPT ARGS…`; a non-zero exit fails with the script's stderr.
    public static func python(_ script: String, _ arguments: [String]) throws -> Data {
        let path = fixtures.appendingPathComponent(script).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "missing fixture \(path)")
        }
        let result = try ChildProcess.run("python3", [path] + arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(script) exited \(result.status): \(result.stderr)")
        }
        return result.stdoutData
    }

    /// Runs a script on a rendered report and decodes its JSON output.
    public static func check<T: Decodable>(_ script: String, _ text: String, named name: String, as type: T.Type)
        throws -> T
    {
        let file = try write(text, named: name)
        defer { discard(file) }
        return try JSONDecoder().decode(T.self, from: python(script, [file.path]))
    }
}
