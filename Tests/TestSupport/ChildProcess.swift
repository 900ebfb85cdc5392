import Foundation

/// Runs programs for tests: tools used as oracles (python3, oathtool, zbarimg, aws) and the built
/// `mfaguard` binary.
public enum ChildProcess {
    /// What a finished process left behind.
    public struct Result: Sendable {
        /// The exit status (`Process.terminationStatus`: the signal number when a signal ended the process).
        public var status: Int32
        /// Standard output as UTF-8 text.
        public var stdout: String
        /// Standard error as UTF-8 text.
        public var stderr: String
        /// Standard output as bytes.
        public var stdoutData: Data
    }

    /// How long a child may run before the test gives up on it: long enough for the slowest command
    /// under a loaded CI machine, short enough that a hang fails one test instead of the whole run.
    public static let timeLimit: Double = 300

    /// Runs `executable` (a path, or a name looked up on PATH) to completion.
    ///
    /// A child that runs longer than `timeLimit` is ended (SIGTERM, then SIGKILL) and the test fails
    /// with what it printed so far; so does one that exits but leaves something behind that keeps its
    /// output open. Nothing here can wait for ever.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, stdin: Data? = nil,
        currentDirectory: String? = nil, timeLimit: Double = timeLimit
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locate(executable))
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        // Not `waitUntilExit`: it spins a run loop on this thread, and under `concurrentPerform` with
        // many children it once missed an exit and waited for ever. The termination handler does not.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        // The pipes are made and the child started while no other test starts one (see `start`).
        let (outPipe, errPipe, inPipe) = try whileNothingStarts { () throws -> (Pipe, Pipe, Pipe?) in
            let outPipe = Pipe()
            let errPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            let inPipe = stdin == nil ? nil : Pipe()
            process.standardInput = inPipe ?? FileHandle.nullDevice
            try process.run()
            return (outPipe, errPipe, inPipe)
        }
        // Dedicated threads, not Dispatch's pool: twenty parallel children with two blocked readers
        // each must not wait for the pool to grow.
        if let stdin, let inPipe {
            let writer = inPipe.fileHandleForWriting
            Thread {
                // A child may exit without reading all of it (EPIPE): `write(_:)` traps on that, this throws.
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }.start()
        }
        let outData = LockedData()
        let errData = LockedData()
        let drained = DispatchGroup()
        for (pipe, sink) in [(outPipe, outData), (errPipe, errData)] {
            drained.enter()
            let handle = pipe.fileHandleForReading
            Thread {
                while let chunk = try? handle.read(upToCount: 65536), !chunk.isEmpty { sink.append(chunk) }
                // Closed here, not left to Foundation: a Process whose exit is learnt from its
                // termination handler is never released on Linux (its run-loop source keeps it),
                // nor are its pipes. Hundreds of leaked descriptors later, `Process.run` crashed.
                try? handle.close()
                drained.leave()
            }.start()
        }
        func failure(_ what: String) -> TestSupportError {
            let said = String(decoding: errData.get().suffix(2000), as: UTF8.self)
            return TestSupportError(
                "\(executable) \(arguments.prefix(4).joined(separator: " ")): \(what); stderr so far: \(said)")
        }
        guard exited.wait(timeout: .now() + timeLimit) == .success else {
            process.terminate()
            if exited.wait(timeout: .now() + 5) != .success { kill(process.processIdentifier, SIGKILL) }
            throw failure("did not exit within \(Int(timeLimit)) s and was ended")
        }
        guard drained.wait(timeout: .now() + 30) == .success else {
            throw failure("exited, but something it started kept its output open for 30 s")
        }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self), stdoutData: outData.get())
    }

    /// Starts `process`, one start at a time in the whole test process.
    ///
    /// Foundation's `Process.run` on Linux makes a socket pair whose closing tells it that the child
    /// has ended, without close-on-exec, and closes in the child only the descriptors open when it
    /// looked. A child another thread starts at the same moment can inherit the new socket and keep it
    /// for as long as it lives (a moto server: the whole run); the first child's exit is then never
    /// noticed — a zombie and a wait for ever, which is how CI once hung. Every test starts its
    /// processes here.
    public static func start(_ process: Process) throws {
        try whileNothingStarts { try process.run() }
    }

    /// Runs `body` while no other test starts a process: for making the pipes of a process about to be
    /// started, which a child started at that moment would otherwise inherit (its reader would then
    /// wait for that child's end). Do not call `start` inside.
    public static func whileNothingStarts<T>(_ body: () throws -> T) rethrows -> T {
        startLock.lock()
        defer { startLock.unlock() }
        return try body()
    }

    private static let startLock = NSLock()

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
    func append(_ value: Data) {
        lock.lock()
        data += value
        lock.unlock()
    }
    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
