import AWSClient
import Foundation

/// The terminal the interactive commands ask on (`/dev/tty`, never stdout), injected so tests fix it.
public struct PromptTerminal: Sendable {
    /// Writes a prompt and reads one line; throws when there is no terminal. `purpose` names what is asked.
    public var read: @Sendable (_ prompt: String, _ purpose: String) throws -> String
    /// Whether a prompt is possible at all.
    public var isAvailable: @Sendable () -> Bool
    /// A message for the person at the terminal (standard error).
    public var tell: @Sendable (String) -> Void

    public init(
        read: @escaping @Sendable (String, String) throws -> String, isAvailable: @escaping @Sendable () -> Bool,
        tell: @escaping @Sendable (String) -> Void
    ) {
        self.read = read
        self.isAvailable = isAvailable
        self.tell = tell
    }

    /// The process's controlling terminal, with messages on standard error.
    public static let controlling = PromptTerminal(
        read: { try Terminal.ask($0, purpose: $1) }, isAvailable: { Terminal.isAvailable },
        tell: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })

    /// Asks on a thread of its own, so a blocked read never holds a thread of the concurrency pool;
    /// when the task is cancelled (Ctrl-C) the wait ends at once with `CancellationError`.
    public func ask(_ prompt: String, purpose: String) async throws -> String {
        try Task.checkCancellation()
        let answer = OneShot<String>()
        let read = self.read
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                answer.install(continuation)
                Thread.detachNewThread { answer.resume(Result { try read(prompt, purpose) }) }
            }
        } onCancel: {
            answer.resume(.failure(CancellationError()))
        }
    }

    /// Asks a yes/no question; `yes` (the `--yes` flag) skips it.
    /// - Throws: `MFAGuardFailure(.input)` when there is no terminal to ask on, or the answer is not yes.
    public func confirm(_ question: String, yes: Bool, refusal: String) async throws {
        guard !yes else { return }
        guard isAvailable() else {
            throw MFAGuardFailure(.input, "\(refusal): no terminal to confirm on; pass --yes to go ahead")
        }
        let answer = try await ask(question + " [y/N] ", purpose: "a confirmation").lowercased()
        guard answer == "y" || answer == "yes" else { throw MFAGuardFailure(.input, "\(refusal): not confirmed") }
    }
}

/// A continuation resumed once, by whichever comes first: the answer or the cancellation.
private final class OneShot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?
    private var early: Result<Value, any Error>?
    private var done = false

    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        lock.lock()
        if let early {
            done = true
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func resume(_ result: Result<Value, any Error>) {
        lock.lock()
        guard !done else {
            lock.unlock()
            return
        }
        guard let continuation else {
            if early == nil { early = result }
            lock.unlock()
            return
        }
        done = true
        self.continuation = nil
        lock.unlock()
        continuation.resume(with: result)
    }
}
