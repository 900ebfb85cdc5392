#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one owner of mfaguard's standard output and error, of the `mfaguard:` prefix of its messages,
/// of the colour policy and of the questions it asks on the controlling terminal. Both executables
/// write through it: the small `mfaguard` front end (no Foundation, hence plain POSIX calls here) and
/// `mfaguard-commands`.
///
/// The streams are the process's, so their functions are static; a `Console` value names the terminal
/// questions are asked on (`/dev/tty`, never standard output, so `$(…)` and pipes keep working), which
/// tests point elsewhere.
public struct Console: Sendable {
    /// What every message of mfaguard on standard error starts with (README: "Errors are one line on
    /// stderr, starting with `mfaguard:`").
    public static let prefix = "mfaguard: "

    /// The terminal questions are asked on.
    public var terminalPath: String

    /// A console asking on `terminalPath`.
    public init(terminalPath: String = "/dev/tty") { self.terminalPath = terminalPath }

    /// The process's console, asking on its controlling terminal.
    public static let standard = Console()

    // MARK: Standard output and error

    /// Writes `text` to standard output, through the C library's buffer that `print` uses (so the two
    /// keep their order), and flushes it: what follows — a question on the terminal, a report written
    /// straight to the descriptor, the end of the process with `_exit` — comes after it.
    public static func output(_ text: String) {
        print(text, terminator: "")
        fflush(nil)
    }

    /// Writes `line` and a line break to standard output (see `output(_:)`).
    public static func outputLine(_ line: String) { output(line + "\n") }

    /// Writes `text` to standard error as it is, unbuffered.
    public static func error(_ text: String) { writeAll(Array(text.utf8), to: STDERR_FILENO) }

    /// Writes `message` on standard error as one of mfaguard's messages: `mfaguard: message` and a line
    /// break. The caller makes the message one line (mfaguard-commands passes what may quote a server or a
    /// file through `TerminalText.sanitized`).
    public static func report(_ message: String) { error(prefix + message + "\n") }

    /// Whether standard error is a terminal (a message after the terminal's `^C` then starts on a line
    /// of its own).
    public static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether what goes to standard output gets ANSI colours: see
    /// `wantsColor(noColorFlag:noColorVariable:term:isTerminal:)`, applied to this process's
    /// environment and standard output.
    public static func colorEnabled(noColorFlag: Bool) -> Bool {
        wantsColor(
            noColorFlag: noColorFlag, noColorVariable: environmentValue("NO_COLOR"), term: environmentValue("TERM"),
            isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// The colour policy of every command: colours only on a terminal, and not with `--no-color`, with a
    /// non-empty `NO_COLOR` (https://no-color.org) or with `TERM=dumb`.
    public static func wantsColor(noColorFlag: Bool, noColorVariable: String?, term: String?, isTerminal: Bool)
        -> Bool
    {
        guard !noColorFlag, isTerminal, term != "dumb" else { return false }
        return noColorVariable?.isEmpty ?? true
    }

    private static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            rest = rest.dropFirst(written)
        }
    }

    // MARK: Questions on the terminal

    /// Whether the terminal can be opened (a question is possible).
    public var canPrompt: Bool {
        let descriptor = open(terminalPath, O_RDWR | O_NOCTTY)
        if descriptor >= 0 { close(descriptor) }
        return descriptor >= 0
    }

    /// Writes `prompt` to the terminal and reads one line back, without surrounding white space.
    ///
    /// The wait happens on a thread of its own, never on one of Swift's cooperative pool, so a person
    /// taking their time holds up no other task; when the task is cancelled (Ctrl-C) the wait ends at
    /// once with `CancellationError` (the thread stays blocked in its read until the process ends).
    /// - Parameters:
    ///   - purpose: what is asked for, as the error names it (`the MFA code of profile 'p'`).
    ///   - hint: what the user can do instead, in words that name only options of the running command.
    /// - Throws: `PromptError.noTerminal` when the terminal cannot be opened; `CancellationError`.
    public func ask(_ prompt: String, purpose: String, hint: String? = nil) async throws -> String {
        try Task.checkCancellation()
        let answer = OneAnswer()
        let path = terminalPath
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                answer.install(continuation)
                PromptThread.start {
                    do {
                        answer.resume(.success(try Self.askNow(prompt, purpose: purpose, hint: hint, path: path)))
                    } catch {
                        answer.resume(.failure(error))
                    }
                }
            }
        } onCancel: {
            answer.resume(.failure(CancellationError()))
        }
    }

    /// Asks a yes/no question; `yes` (the `--yes` flag) skips it.
    /// - Throws: `MFAGuardFailure(.input)` starting with `refusal` when there is no terminal to ask on, or
    ///   the answer is not `y`/`yes`; `CancellationError`.
    public func confirm(_ question: String, yes: Bool, refusal: String) async throws {
        guard !yes else { return }
        guard canPrompt else {
            throw MFAGuardFailure(.input, "\(refusal): no terminal to confirm on; pass --yes to go ahead")
        }
        let answer = try await ask(question + " [y/N] ", purpose: "a confirmation").lowercased()
        guard answer == "y" || answer == "yes" else { throw MFAGuardFailure(.input, "\(refusal): not confirmed") }
    }

    /// The blocking question, on the calling thread: open, write, read up to a line break (or the end
    /// of input, or a read error), close.
    static func askNow(_ prompt: String, purpose: String, hint: String?, path: String) throws(PromptError)
        -> String
    {
        let descriptor = open(path, O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { throw .noTerminal(purpose: purpose, path: path, hint: hint) }
        defer { close(descriptor) }
        writeAll(Array(prompt.utf8), to: descriptor)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return trimmingWhiteSpace(String(decoding: bytes, as: UTF8.self))
    }

    /// `text` without leading and trailing white space and line breaks (Unicode's White_Space, the set
    /// of Foundation's `CharacterSet.whitespacesAndNewlines`).
    static func trimmingWhiteSpace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return String(String.UnicodeScalarView(scalars[start..<max(start, end)]))
    }
}

/// A question on the terminal that could not be asked.
public enum PromptError: Error, Sendable, Equatable, CustomStringConvertible, UserFacingError {
    /// The terminal at `path` cannot be opened (no controlling terminal: cron, CI, an IDE); `purpose`
    /// names what was to be asked, `hint` what the user can do instead.
    case noTerminal(purpose: String, path: String, hint: String?)

    /// One line for the user.
    public var description: String {
        switch self {
        case .noTerminal(let purpose, let path, let hint):
            "no terminal to ask for \(purpose) (\(path) cannot be opened)" + (hint.map { "; \($0)" } ?? "")
        }
    }

    /// Without a terminal the command needs its answer another way (a flag, a file): an input error.
    public var failureKind: MFAGuardFailure.Kind { .input }
}

/// Runs a closure on a new detached POSIX thread (no Foundation here); on the calling thread when no
/// thread can be started, which still answers, only without sparing the caller's thread.
private enum PromptThread {
    final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func start(_ run: @escaping @Sendable () -> Void) {
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        #if canImport(Darwin)
            var thread: pthread_t?
            let started = pthread_create(
                &thread, nil,
                { raw in
                    Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                    return nil
                }, body)
        #else
            var thread = pthread_t()
            let started = pthread_create(
                &thread, nil,
                { raw in
                    if let raw { Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run() }
                    return nil
                }, body)
        #endif
        guard started == 0 else {
            Unmanaged<Body>.fromOpaque(body).takeRetainedValue().run()
            return
        }
        #if canImport(Darwin)
            if let thread { pthread_detach(thread) }
        #else
            pthread_detach(thread)
        #endif
    }
}

/// A continuation resumed once, by whichever comes first: the answer or the cancellation (which may
/// even come before the continuation is installed).
private final class OneAnswer: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var continuation: CheckedContinuation<String, any Error>?
    private var early: Result<String, any Error>?
    private var done = false

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func install(_ continuation: CheckedContinuation<String, any Error>) {
        pthread_mutex_lock(mutex)
        if let early {
            done = true
            pthread_mutex_unlock(mutex)
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        pthread_mutex_unlock(mutex)
    }

    func resume(_ result: Result<String, any Error>) {
        pthread_mutex_lock(mutex)
        guard !done else {
            pthread_mutex_unlock(mutex)
            return
        }
        guard let continuation else {
            if early == nil { early = result }
            pthread_mutex_unlock(mutex)
            return
        }
        done = true
        self.continuation = nil
        pthread_mutex_unlock(mutex)
        continuation.resume(with: result)
    }
}
