import Foundation
import LocalFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program with our stdin and stderr (so it can prompt, or ask for a security-key touch) and
/// captures what it prints on stdout: `credential_process`, `mfa_process`, `--code-command`.
///
/// Bounded, because the program is configuration, not code we trust to behave: it gets
/// `timeoutSeconds` (default 120 s, `MFAGUARD_COMMAND_TIMEOUT` overrides it) and at most
/// `outputLimit` bytes of output; past either it is ended with everything it started (SIGTERM, then
/// SIGKILL after a second), and so it is when a signal ends mfaguard. It starts with no signal blocked
/// and the default action for the terminating ones, whatever thread of ours started it.
public enum CapturedCommand {
    /// Why the program gave no output to use; `reason` is the words for a message.
    public enum Failure: Error, Sendable, Equatable {
        /// The program could not be started; the system's reason.
        case couldNotStart(String)
        /// It ran and exited with this non-zero status.
        case exitStatus(Int32)
        /// A signal ended it (not one of ours).
        case signal(Int32)
        /// It was still running after this many seconds and was ended.
        case timedOut(seconds: Int)
        /// It printed more than this many bytes and was ended.
        case outputTooLarge(limit: Int)

        /// "exit status 2", "did not finish within 120 s", ...: what follows "failed:" in a message.
        public var reason: String {
            switch self {
            case .couldNotStart(let reason): "could not start: \(reason)"
            case .exitStatus(let status): "exit status \(status)"
            case .signal(let number): "ended by signal \(number)"
            case .timedOut(let seconds):
                "did not finish within \(seconds) s and was stopped (MFAGUARD_COMMAND_TIMEOUT sets the limit)"
            case .outputTooLarge(let limit): "printed more than \(limit >> 10) KiB and was stopped"
            }
        }
    }

    /// How long a program may run when nothing else is configured: long enough to type a code or touch
    /// a key, short enough that a hung helper does not hold an SDK for ever.
    public static let defaultTimeoutSeconds = 120
    /// The most a program may print: credentials JSON and codes are a few hundred bytes.
    public static let outputLimit = 1 << 20

    /// Runs `executable` (a path) with `arguments` and `environment`, returning its standard output.
    public static func run(
        executable: String, arguments: [String], environment: [String: String], timeoutSeconds: Int? = nil
    ) -> Result<Data, Failure> {
        let timeout = timeoutSeconds ?? configuredTimeout(environment)
        var ends: [Int32] = [-1, -1]
        guard makePipe(&ends) == 0 else { return .failure(.couldNotStart(String(cString: strerror(errno)))) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }

        // Away from a terminal (an SDK, CI, cron) the program gets a process group of its own, so that
        // ending it ends everything it started. In the foreground of a terminal it stays in ours: a
        // background group could not read the terminal to prompt (SIGTTIN), and Ctrl-C reaches it anyway.
        let ownGroup = !inForegroundOfTerminal()
        let spawned = spawn(
            executable, arguments: arguments, environment: environment, stdout: writeEnd, ownGroup: ownGroup)
        close(writeEnd)
        let pid: pid_t
        switch spawned {
        case .failure(let failure): return .failure(failure)
        case .success(let child): pid = child
        }
        let slot = TerminationCleanup.rememberChild(ownGroup ? -pid : pid)
        defer { TerminationCleanup.forgetChild(slot) }

        let deadline = monotonicSeconds() + Double(timeout)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        reading: while true {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else {
                ProcessTree.end(pid, group: ownGroup)
                return .failure(.timedOut(seconds: timeout))
            }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000)))
            if ready < 0 && errno != EINTR { break reading }
            guard ready > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                break reading
            }
            if count == 0 { break reading }
            guard output.count + count <= outputLimit else {
                ProcessTree.end(pid, group: ownGroup)
                return .failure(.outputTooLarge(limit: outputLimit))
            }
            output += chunk[0..<count]
        }
        // Standard output is closed; the program may still run (a daemon it left behind holds nothing).
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return .failure(.couldNotStart(String(cString: strerror(errno)))) }
            guard monotonicSeconds() < deadline else {
                ProcessTree.end(pid, group: ownGroup)
                return .failure(.timedOut(seconds: timeout))
            }
            usleep(5_000)
        }
        // Ended by mfaguard's own signal handler: die of that signal, as the handler is about to.
        TerminationCleanup.endIfTerminating()
        if status & 0x7f != 0 { return .failure(.signal(status & 0x7f)) }  // WIFSIGNALED / WTERMSIG
        let exitStatus = (status >> 8) & 0xff  // WEXITSTATUS
        guard exitStatus == 0 else { return .failure(.exitStatus(exitStatus)) }
        return .success(Data(output))
    }

    /// `MFAGUARD_COMMAND_TIMEOUT` in whole seconds (1 to 3600), else the default.
    static func configuredTimeout(_ environment: [String: String]) -> Int {
        guard let text = environment["MFAGUARD_COMMAND_TIMEOUT"], let seconds = Int(text), (1...3600).contains(seconds)
        else { return defaultTimeoutSeconds }
        return seconds
    }

    /// Whether this process is in the foreground process group of its controlling terminal.
    private static func inForegroundOfTerminal() -> Bool {
        let terminal = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else { return false }
        defer { close(terminal) }
        return tcgetpgrp(terminal) == getpgrp()
    }

    private static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], stdout: Int32, ownGroup: Bool
    ) -> Result<pid_t, Failure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Dispatch's threads block most signals, and a child inherits the mask: without this a helper
        // started from one could not be ended with SIGTERM.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { return .failure(.couldNotStart(String(cString: strerror(result)))) }
        return .success(pid)
    }

    /// A pipe whose ends are close-on-exec from the start (`pipe2(O_CLOEXEC)`), so that a program
    /// another thread starts at the same moment cannot inherit the write end and hold the reader.
    /// `pipe2` is not in Swift's view of the headers: looked up by name, with `pipe` and `fcntl` as the
    /// fallback.
    private static func makePipe(_ ends: inout [Int32]) -> Int32 {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        if let symbol = dlsym(nil, "pipe2") {
            return unsafeBitCast(symbol, to: Pipe2.self)(&ends, O_CLOEXEC)
        }
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    /// The program gets standard input, output and error and nothing else mfaguard holds, as botocore
    /// starts `credential_process` (`close_fds`). Whatever started mfaguard may have handed it more
    /// (Foundation's `Process` passes a socket whose closing tells it the child has ended): a helper
    /// that outlives mfaguard must not keep those open, or its starter waits for it.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        // glibc 2.34 and later; not in Swift's view of the headers, so looked up by name.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            if unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3) == 0 { return }
        }
        // An older C library: mark every open descriptor above 2 close-on-exec.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// A child and everything it started, found through `/proc` (a shell's `yes | head` keeps running after
/// the shell is killed).
enum ProcessTree {
    /// Sends SIGTERM to `pid` and its descendants (and its process group, when it leads one), SIGKILL a
    /// second later to what is left, and reaps `pid`.
    static func end(_ pid: pid_t, group: Bool) {
        let family = [pid] + descendants(of: pid)
        if group { kill(-pid, SIGTERM) }
        for member in family { kill(member, SIGTERM) }
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid {
                if group { kill(-pid, SIGKILL) }
                for member in family.dropFirst() { kill(member, SIGKILL) }
                return
            }
            usleep(10_000)
        }
        if group { kill(-pid, SIGKILL) }
        for member in family { kill(member, SIGKILL) }
        _ = waitpid(pid, &status, 0)
    }

    /// Every process whose chain of parents leads to `pid`, read from `/proc/*/stat`.
    static func descendants(of pid: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var children: [pid_t: [pid_t]] = [:]
        for entry in entries {
            guard let process = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so read after the last ")".
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let parent = pid_t(fields[1]) else { continue }
            children[parent, default: []].append(process)
        }
        var result: [pid_t] = []
        var queue = children[pid] ?? []
        while let next = queue.popLast() {
            result.append(next)
            queue += children[next] ?? []
        }
        return result
    }
}
