import AWSClient
import Foundation
import MFAGuardConsole

/// Where MFA codes come from, in order: `--code`, `--code-command CMD`, the profile's `mfa_process`,
/// else a prompt on the controlling terminal (`/dev/tty`, never stdout, so `$(…)` keeps working).
public struct MFACodeSource: Sendable {
    /// Which of the four sources gives the code; the first one set wins.
    public enum Origin: Sendable, Equatable {
        case given(String)
        case command(String)
        case profileProcess(String)
        case terminal(path: String)

        /// How an error message names it.
        public var name: String {
            switch self {
            case .given: "--code"
            case .command: "--code-command"
            case .profileProcess: "mfa_process"
            case .terminal: "the terminal"
            }
        }
    }

    /// The source chosen at init: `code`, else `command`, else `profileProcess`, else the terminal.
    public let origin: Origin
    /// The environment `--code-command` and `mfa_process` run with.
    public let environment: AWSEnvironment

    /// Picks the first source given; `terminalPath` is where a prompt goes when none is (tests pass a pty).
    public init(
        code: String?, command: String?, profileProcess: String?, environment: AWSEnvironment,
        terminalPath: String = "/dev/tty"
    ) {
        if let code {
            origin = .given(code)
        } else if let command {
            origin = .command(command)
        } else if let profileProcess {
            origin = .profileProcess(profileProcess)
        } else {
            origin = .terminal(path: terminalPath)
        }
        self.environment = environment
    }

    /// Whether asking again can give a different code (a person at a terminal can wait for the next one).
    public var canAskAgain: Bool {
        if case .terminal = origin { return true }
        return false
    }

    /// The current code for `serial`; `retry` says the previous one was rejected. A question on the
    /// terminal waits on a thread of its own (`Console.ask`).
    /// - Throws: `SessionError`; `CancellationError` when the task is cancelled during a question.
    public func code(serial: String, profile: String, retry: Bool = false) async throws -> String {
        let text: String
        switch origin {
        case .given(let code):
            text = code
        case .command(let command), .profileProcess(let command):
            text = try Self.run(command, environment: environment)
        case .terminal(let path):
            let prompt =
                (retry ? "That code was rejected (wrong, expired or already used). " : "")
                + "MFA code for \(serial) (profile \(profile)): "
            do {
                text = try await Console(terminalPath: path).ask(prompt, purpose: "the MFA code")
            } catch is PromptError {
                throw SessionError.noTerminal(serial: serial)
            }
        }
        return try Self.validated(text, origin: origin)
    }

    /// The six digits in a command's output: the whole output, or its last word (`ykman oath accounts code`
    /// prints `NAME  CODE`).
    static func validated(_ text: String, origin: Origin) throws(SessionError) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let last = words.last, last.count == 6, last.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .malformedCode(origin: origin.name)
        }
        if case .given = origin, words.count != 1 { throw .malformedCode(origin: origin.name) }
        return String(last)
    }

    /// Runs `command` with `/bin/sh -c` (so pipes work), stdin and stderr on ours (a YubiKey may ask for
    /// a touch), and returns what it printed.
    static func run(_ command: String, environment: AWSEnvironment) throws(SessionError) -> String {
        switch CapturedCommand.run(
            executable: "/bin/sh", arguments: ["-c", command], environment: environment.variables)
        {
        case .success(let data): return String(decoding: data, as: UTF8.self)
        case .failure(.couldNotStart(let reason)): throw .codeCommandFailed(command: command, reason: reason)
        case .failure(let failure): throw .codeCommandFailed(command: command, reason: failure.reason)
        }
    }
}
