import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// When a request must be done by (a monotonic clock: a change of the wall clock does not move it).
struct Expiry {
    private let end: UInt64

    init(seconds: TimeInterval) {
        end = Self.now() &+ UInt64(max(0, min(seconds, 86400)) * 1_000_000_000)
    }

    /// Seconds left, 0 when past.
    var remaining: TimeInterval {
        let now = Self.now()
        return now >= end ? 0 : TimeInterval(end - now) / 1_000_000_000
    }

    /// `wait`, cut to what is left (at least a millisecond, so a connect still gets a try).
    func bound(_ wait: TimeInterval) -> TimeInterval { max(0.001, min(wait, remaining)) }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
