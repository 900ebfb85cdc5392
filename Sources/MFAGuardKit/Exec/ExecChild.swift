import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the command of `mfaguard exec`: found on `PATH` like a shell finds it, started with
/// `posix_spawn` (its arguments as given, the credentials only in its environment), with SIGINT,
/// SIGTERM and SIGHUP passed on to it, and waited for. Its exit status is the command's, 128 + the
/// signal when a signal ended it, as a shell reports it.
public enum ExecChild {
    /// Why the command did not start, with the shell's exit status for it.
    public enum Failure: Error, Sendable, Equatable {
        /// No such program on `PATH` (or at the path given): 127.
        case notFound(String)
        /// Found, but it cannot be run (not executable, a directory): 126.
        case cannotRun(String, reason: String)

        /// The shell's status: 127 not found, 126 cannot run.
        public var exitStatus: Int32 {
            switch self {
            case .notFound: 127
            case .cannotRun: 126
            }
        }

        /// One line for the user.
        public var message: String {
            switch self {
            case .notFound(let name): "exec: \(name): command not found"
            case .cannotRun(let name, let reason): "exec: \(name): \(reason)"
            }
        }
    }

    /// The signals passed on to the command.
    public static let forwardedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The program `name` stands for: itself when it holds a `/`, else the first executable regular
    /// file named so in a directory of `searchPath` (an empty entry is the current directory).
    public static func locate(_ name: String, searchPath: String?) -> Result<String, Failure> {
        guard !name.isEmpty else { return .failure(.notFound(name)) }
        if name.contains("/") {
            var info = stat()
            guard stat(name, &info) == 0 else { return .failure(.notFound(name)) }
            if info.st_mode & S_IFMT == S_IFDIR { return .failure(.cannotRun(name, reason: "is a directory")) }
            guard access(name, X_OK) == 0 else { return .failure(.cannotRun(name, reason: "permission denied")) }
            return .success(name)
        }
        var found: String?
        for directory in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(
            separator: ":", omittingEmptySubsequences: false)
        {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return .success(candidate) }
            found = found ?? candidate
        }
        if let found { return .failure(.cannotRun(found, reason: "permission denied")) }
        return .failure(.notFound(name))
    }

    /// Starts `executable` with `arguments` (the first is its `argv[0]`) and `environment`, passes the
    /// forwarded signals on to it while it runs, waits for it, and returns its shell-style status.
    public static func run(executable: String, arguments: [String], environment: [String: String]) -> Result<
        Int32, Failure
    > {
        let forwarder = SignalForwarder()
        defer { forwarder.stop() }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and the default action for the ones we ignore here.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in forwardedSignals + [SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, nil, &attributes, argv, envp)
        guard result == 0 else {
            if result == ENOENT { return .failure(.notFound(executable)) }
            return .failure(.cannotRun(executable, reason: String(cString: strerror(result))))
        }
        forwarder.started(pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .success(127) }
        }
        forwarder.stop()
        if status & 0x7f != 0 { return .success(128 + (status & 0x7f)) }  // WIFSIGNALED / WTERMSIG
        return .success((status >> 8) & 0xff)  // WEXITSTATUS
    }
}

/// Catches the forwarded signals (their default action would end mfaguard and leave the child
/// behind) and sends each to the child; one that arrives before the child exists is sent once it does.
private final class SignalForwarder: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var pending: [Int32] = []
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "mfaguard.exec.signals")

    init() {
        for number in ExecChild.forwardedSignals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in self.deliver(number) }
            source.resume()
            sources.append(source)
        }
    }

    func started(_ child: pid_t) {
        lock.lock()
        pid = child
        let waiting = pending
        pending = []
        lock.unlock()
        for number in waiting { kill(child, number) }
    }

    private func deliver(_ number: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if pid > 0 { kill(pid, number) } else { pending.append(number) }
    }

    func stop() {
        lock.lock()
        pid = -1
        let stopping = sources
        sources = []
        lock.unlock()
        for source in stopping { source.cancel() }
    }
}
