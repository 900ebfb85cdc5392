import Foundation

/// An external program used as an independent oracle (oathtool, zbarimg, qrencode, python3, ...).
///
/// A missing tool is an error, so the test that needs it fails instead of skipping.
public struct ExternalTool: Sendable {
    /// What a finished run printed and how it ended.
    public struct Output: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output as bytes.
        public let stdout: Data
        /// Standard error as UTF-8 text.
        public let stderr: String

        /// Standard output as UTF-8 text.
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The failures of locating or running a tool.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed: the tool and why.
        public let description: String

        /// A failure saying `description`.
        public init(description: String) {
            self.description = description
        }
    }

    /// The absolute path of the executable.
    public let path: String

    /// Finds `name` on `ChildProcess.searchPath` (or uses it as is when it contains a slash).
    public init(_ name: String) throws {
        let found: String
        do { found = try ChildProcess.locate(name) } catch {
            throw Failure(description: "\(name) is not installed (run scripts/install-tools.sh)")
        }
        guard FileManager.default.isExecutableFile(atPath: found) else {
            throw Failure(description: "\(name) is not an executable file")
        }
        self.path = found
    }

    /// Runs the tool with `arguments`, feeding `stdin`, through `ChildProcess.run` (the one process
    /// runner of the tests, with its time limit), on a thread of its own so that no task of the
    /// cooperative pool waits for the child.
    public func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil)
        async throws -> Output
    {
        let path = self.path
        let result: ChildProcess.Result = try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        try ChildProcess.run(path, arguments, environment: environment, stdin: stdin)
                    })
            }.start()
        }
        return Output(status: result.status, stdout: result.stdoutData, stderr: result.stderr)
    }
}
