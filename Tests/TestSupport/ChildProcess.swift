import Foundation

/// Runs programs for tests: tools used as oracles (python3, oathtool, zbarimg, aws) and the built
/// `mfaguard` binary.
public enum ChildProcess {
    /// What a finished process left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutData: Data
    }

    /// Runs `executable` (a path, or a name looked up on PATH) to completion.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, stdin: Data? = nil,
        currentDirectory: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locate(executable))
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        // A pipe only when there is input: every pipe left open counts against the test process's
        // descriptors, and Foundation's `Process.run` over-reads `/proc/self/fd` (and can crash) once
        // there are more than about 1,300 of them (swift-corelibs-foundation PR #5472).
        let inPipe = stdin == nil ? nil : Pipe()
        process.standardInput = inPipe.map { $0 as Any } ?? FileHandle.nullDevice
        // Not `waitUntilExit`: it spins a run loop on this thread, and under `concurrentPerform` with
        // many children it once missed an exit and waited for ever. The termination handler does not.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if let stdin, let inPipe {
            let writer = inPipe.fileHandleForWriting
            DispatchQueue.global().async {
                writer.write(stdin)
                try? writer.close()
            }
        }
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.set(errPipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        // Closed now, not when Foundation lets go of the Process and its pipes (which may be never).
        try? outPipe.fileHandleForReading.close()
        try? errPipe.fileHandleForReading.close()
        guard exited.wait(timeout: .now() + 900) == .success else {
            process.terminate()
            throw TestSupportError("\(executable) did not exit within 900 s")
        }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self), stdoutData: outData)
    }

    /// Runs a Python snippet with `python3 -c`.
    @discardableResult
    public static func python(
        _ code: String, _ arguments: [String] = [], environment: [String: String]? = nil, stdin: Data? = nil
    )
        throws -> Result
    {
        try run("python3", ["-c", code] + arguments, environment: environment, stdin: stdin)
    }

    /// The absolute path of `name`, from `searchPath` when it has no slash. A missing tool is an error.
    public static func locate(_ name: String) throws -> String {
        if name.contains("/") { return name }
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("\(name) is not installed (scripts/install-tools.sh installs it)")
    }

    /// PATH with the repository's Python virtual environment first (`scripts/install-tools.sh` puts
    /// moto, botocore, the AWS CLI and the oracles there), so `swift test` alone finds them too.
    public static var searchPath: String {
        let venv = TestPaths.repoRoot.appendingPathComponent(".venv/bin").path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").first.map(String.init) == venv ? path : venv + ":" + path
    }

    /// A process environment for a test: the current one with `changes` applied (`nil` removes).
    public static func environment(_ changes: [String: String?]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("AWS_") { environment[key] = nil }
        environment["PATH"] = searchPath
        // Tests never reach the link-local instance metadata address; the tests of that source point
        // AWS_EC2_METADATA_SERVICE_ENDPOINT at a loopback server and set this to false.
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        for (key, value) in changes { environment[key] = value }
        return environment
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }
    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
