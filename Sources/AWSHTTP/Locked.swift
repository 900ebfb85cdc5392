import Foundation

/// A value behind a lock, for the little shared state a client keeps (the transport's idle connections,
/// the service client's counters and clock offset, a test transport's script). `package`: the modules of
/// this package share it; it is no part of their public interface.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// A lock around `value`.
    package init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock.
    package func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    /// A copy of the value, read under the lock.
    package var current: Value { withLock { $0 } }
}
