import Foundation
import MFAGuardConsole

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C as task cancellation, so a flow can clean up after itself before the process ends.
public enum InterruptSignal {
    /// Runs `operation` in a task that the first SIGINT cancels; a second SIGINT ends the process at once
    /// with the status of `.interrupted` (130) after printing `lastWords` as an `mfaguard:` message.
    public static func cancelling<Value: Sendable>(
        lastWords: String, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        // A dispatch source sees the signal only when the default action (terminate) is off.
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "mfaguard.sigint"))
        let task = Task { try await operation() }
        let counter = Counter()
        source.setEventHandler {
            if counter.increment() > 1 {
                Console.report(lastWords)
                _exit(ExitStatus.of(.interrupted))
            }
            task.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try await task.value
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
