import Foundation

/// AWS "standard" retry mode: exponential backoff with full jitter on throttling, transient errors,
/// 5xx and connection failures, a bounded number of attempts.
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
public struct RetryPolicy: Sendable {
    /// Total attempts, the first included.
    public var maxAttempts: Int
    /// Backoff base: attempt *i* waits a random time in `0..<min(base * 2^i, maxDelay)`.
    public var baseDelay: TimeInterval
    /// Upper bound of one wait, in seconds (AWS's standard mode caps it at 20).
    public var maxDelay: TimeInterval

    /// Defaults: 5 attempts, 0.5 s base, 20 s cap (AWS's own default is 3 attempts); `maxAttempts` below 1 becomes 1.
    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Throttling codes of the standard mode.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Transient error codes of the standard mode.
    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "IDPCommunicationError",
    ]

    /// Whether an error response may be retried. IAM's `LimitExceeded` (a quota, not a rate) is not.
    public static func isRetryable(code: String, status: Int) -> Bool {
        if throttlingCodes.contains(code) || transientCodes.contains(code) { return true }
        if status == 429 { return true }
        return [500, 502, 503, 504].contains(status)
    }

    /// How long to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> TimeInterval {
        let ceiling = min(baseDelay * pow(2, Double(attempt - 1)), maxDelay)
        return random * ceiling
    }
}
