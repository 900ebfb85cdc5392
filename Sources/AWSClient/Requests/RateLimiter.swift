import Foundation

/// A token bucket shared by every request of a client, so an audit never takes more than its share
/// of the account's IAM request quota.
public actor RateLimiter {
    private let rate: Double
    private let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    /// `rate` requests per second on average, bursts of up to `burst`.
    public init(requestsPerSecond rate: Double, burst: Double? = nil) {
        // NaN would reach `Int(_:)` below as a NaN wait, which traps: it counts as the slowest rate.
        self.rate = rate.isNaN ? 0.01 : max(rate, 0.01)
        self.burst = max(burst ?? max(1, rate), 1)
        self.tokens = self.burst
        self.last = ContinuousClock.now
    }

    /// Waits until a request may go.
    public func acquire() async {
        while true {
            let now = ContinuousClock.now
            let elapsed = last.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(burst, tokens + seconds * rate)
            last = now
            if tokens >= 1 {
                tokens -= 1
                return
            }
            let wait = (1 - tokens) / rate
            try? await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded(.up))))
        }
    }
}
