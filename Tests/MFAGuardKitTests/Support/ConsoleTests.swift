import Foundation
import MFAGuardConsole
import MFAGuardKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The console's colour policy and its questions on a terminal (a pseudo-terminal here).
@Suite struct ConsoleTests {
    /// A pseudo-terminal: `Console(terminalPath: path)` asks on its terminal side, the test types on
    /// the other side.
    final class PseudoTerminal: @unchecked Sendable {
        let controller: Int32
        let path: String

        /// `/dev/ptmx`, unlocked, and its `/dev/pts/N` (Linux's `TIOCSPTLCK` and `TIOCGPTN`; Glibc's
        /// `posix_openpt` and `ptsname` are not visible to Swift).
        init() throws {
            controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard controller >= 0, ioctl(controller, 0x4004_5431, &unlock) == 0,
                ioctl(controller, 0x8004_5430, &number) == 0
            else { throw POSIXError(.EIO) }
            path = "/dev/pts/\(number)"
        }

        deinit { close(controller) }

        func type(_ text: String) {
            _ = text.withCString { write(controller, $0, strlen($0)) }
        }

        /// Reads what the console writes to the terminal until `marker` appears (60 s at most), then
        /// runs `action` with it, on a thread of its own: never on a thread of the cooperative pool,
        /// which the full suite's other tests can keep busy for minutes. Until the terminal side is
        /// first opened, reading fails (EIO) and is tried again.
        func whenPrompted(_ marker: String, _ action: @escaping @Sendable (String) -> Void) {
            let controller = controller
            Thread.detachNewThread {
                var text = ""
                var byte: UInt8 = 0
                let deadline = Date().addingTimeInterval(60)
                while !text.contains(marker), Date() < deadline {
                    if Glibc.read(controller, &byte, 1) == 1 {
                        text.unicodeScalars.append(Unicode.Scalar(byte))
                    } else {
                        usleep(2_000)
                    }
                }
                action(text)
            }
        }
    }

    /// What a thread saw, for the test to check afterwards.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var value = ""
        func set(_ text: String) { lock.withLock { value = text } }
        var text: String { lock.withLock { value } }
    }

    @Test(
        arguments: [
            (false, nil, "xterm-256color", true, true),
            (true, nil, "xterm", true, false),
            (false, "1", "xterm", true, false),
            (false, "", "xterm", true, true),
            (false, nil, "dumb", true, false),
            (false, nil, nil, true, true),
            (false, nil, "xterm", false, false),
        ] as [(Bool, String?, String?, Bool, Bool)])
    func colourOnlyOnATerminalAndNotWhenAskedNotTo(
        flag: Bool, noColor: String?, term: String?, isTerminal: Bool, expected: Bool
    ) {
        #expect(
            Console.wantsColor(noColorFlag: flag, noColorVariable: noColor, term: term, isTerminal: isTerminal)
                == expected)
    }

    @Test func noTerminalIsAnInputErrorNamingWhatWasAskedAndTheWayOut() async {
        let console = Console(terminalPath: "/nonexistent/tty")
        #expect(!console.canPrompt)
        await #expect(
            throws: PromptError.noTerminal(purpose: "the MFA code", path: "/nonexistent/tty", hint: "pass --code")
        ) { try await console.ask("Code: ", purpose: "the MFA code", hint: "pass --code") }
        let error = PromptError.noTerminal(purpose: "the MFA code", path: "/nonexistent/tty", hint: "pass --code")
        #expect(
            error.description == "no terminal to ask for the MFA code (/nonexistent/tty cannot be opened); pass --code")
        #expect(MFAGuardFailure(wrapping: error)?.exitCode == 2)
        await #expect(throws: MFAGuardFailure.self) { try await console.confirm("Go?", yes: false, refusal: "no") }
        try? await console.confirm("Go?", yes: true, refusal: "no")
    }

    @Test(.timeLimit(.minutes(10))) func asksOnTheTerminalAndTrimsTheAnswer() async throws {
        let terminal = try PseudoTerminal()
        let console = Console(terminalPath: terminal.path)
        #expect(console.canPrompt)
        let prompt = Seen()
        terminal.whenPrompted("alice: ") { [terminal] text in
            prompt.set(text)
            terminal.type(" 123456\u{A0}\t\n")
        }
        #expect(try await console.ask("Code for alice: ", purpose: "the code") == "123456")
        #expect(prompt.text.hasSuffix("Code for alice: "))
    }

    /// More waiting questions than the cooperative pool has threads: other tasks still run, and each
    /// question still gets its answer.
    @Test(.timeLimit(.minutes(10))) func waitingQuestionsHoldNoThreadOfThePool() async throws {
        let terminals = try (0..<(ProcessInfo.processInfo.activeProcessorCount + 2)).map { _ in try PseudoTerminal() }
        let paths = terminals.map(\.path)
        let (asked, seen) = AsyncStream.makeStream(of: Int.self)
        for (index, terminal) in terminals.enumerated() {
            terminal.whenPrompted("Q\(index)? ") { _ in seen.yield(index) }
        }
        let answers = Task {
            try await withThrowingTaskGroup(of: String.self) { group in
                for (index, path) in paths.enumerated() {
                    group.addTask { try await Console(terminalPath: path).ask("Q\(index)? ", purpose: "x") }
                }
                return try await group.reduce(into: []) { $0.append($1) }.sorted()
            }
        }
        var waiting = 0
        for await _ in asked {
            waiting += 1
            if waiting == terminals.count { break }
        }
        // Every question is waiting now; tasks that need a pool thread still run.
        let sum = await withTaskGroup(of: Int.self) { group in
            for value in 1...8 { group.addTask { value } }
            return await group.reduce(0, +)
        }
        #expect(sum == 36)
        for (index, terminal) in terminals.enumerated() { terminal.type("a\(index)\n") }
        #expect(try await answers.value == terminals.indices.map { "a\($0)" }.sorted())
    }

    @Test(.timeLimit(.minutes(10))) func cancellationEndsTheWaitAtOnce() async throws {
        let terminal = try PseudoTerminal()
        let path = terminal.path
        let question = Task { try await Console(terminalPath: path).ask("Code: ", purpose: "the code") }
        terminal.whenPrompted("Code: ") { _ in question.cancel() }
        await #expect(throws: CancellationError.self) { try await question.value }
        // The reading thread ends with the answer it no longer delivers.
        terminal.type("late\n")
    }
}
