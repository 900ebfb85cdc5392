import Foundation

/// An external program used as an independent oracle (oathtool, zbarimg, qrencode, python3, ...).
///
/// A missing tool is an error, so the test that needs it fails instead of skipping.
public struct ExternalTool: Sendable {
    /// What a finished run printed and how it ended.
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: String

        /// Standard output as UTF-8 text.
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The failures of locating or running a tool.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The absolute path of the executable.
    public let path: String

    /// Finds `name` on `ChildProcess.searchPath` (or uses it as is when it contains a slash).
    public init(_ name: String) throws {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw Failure(description: "\(name) is not an executable file")
            }
            self.path = name
            return
        }
        let directories = ChildProcess.searchPath.split(separator: ":")
        guard
            let found = directories.map({ "\($0)/\(name)" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw Failure(description: "\(name) is not installed (run scripts/install-tools.sh)")
        }
        self.path = found
    }

    /// Runs the tool with `arguments`, feeding `stdin`, and waits without blocking a thread.
    public func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil)
        async throws -> Output
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mfaguard-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("stdin")
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try stdin.write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let input = try FileHandle(forReadingFrom: inputURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? input.close()
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try ChildProcess.start(process)
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            // A hung tool fails its test (ended by signal) instead of hanging the run.
            DispatchQueue.global().asyncAfter(deadline: .now() + ChildProcess.timeLimit) {
                guard process.isRunning else { return }
                process.terminate()
                DispatchQueue.global().asyncAfter(deadline: .now() + 5) {
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                }
            }
        }
        return Output(
            status: status,
            stdout: try Data(contentsOf: outputURL),
            stderr: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        )
    }
}
