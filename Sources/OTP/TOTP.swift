/// Time-based one-time passwords, RFC 6238: HOTP over the number of `period`-second steps since T0 = 0.
///
/// See <https://www.rfc-editor.org/rfc/rfc6238#section-4>.
public struct TOTP: Sendable {
    /// The underlying HOTP generator (secret, algorithm, digits).
    public let hotp: HOTP
    /// The time step X in seconds (RFC 6238 §4.1; 30 by default).
    public let period: Int

    /// - Throws: `OTPError.emptySecret`, `.unsupportedDigits` or `.invalidPeriod`.
    public init(secret: [UInt8], algorithm: OTPAlgorithm = .sha1, digits: Int = 6, period: Int = 30)
        throws(OTPError)
    {
        guard period > 0 else { throw .invalidPeriod(period) }
        self.hotp = try HOTP(secret: secret, algorithm: algorithm, digits: digits)
        self.period = period
    }

    /// The time step counter T = floor(time / X) for a Unix time in seconds (RFC 6238 §4.2).
    public func counter(at unixTime: Int64) throws(OTPError) -> UInt64 {
        guard unixTime >= 0 else { throw .invalidTime(unixTime) }
        return UInt64(unixTime) / UInt64(period)
    }

    /// The code valid at `unixTime` (seconds since 1970-01-01T00:00:00Z).
    public func code(at unixTime: Int64) throws(OTPError) -> String {
        hotp.code(counter: try counter(at: unixTime))
    }

    /// The code of time step `counter`.
    public func code(counter: UInt64) -> String {
        hotp.code(counter: counter)
    }

    /// Two consecutive codes, for the current and the next time step, as AWS's `EnableMFADevice` and
    /// `ResyncMFADevice` want them (`AuthenticationCode1`, `AuthenticationCode2`).
    public func consecutiveCodes(at unixTime: Int64) throws(OTPError) -> (first: String, second: String) {
        let step = try counter(at: unixTime)
        return (hotp.code(counter: step), hotp.code(counter: step &+ 1))
    }

    /// The time step of `first` when `first` and `second` are the codes of two consecutive steps within
    /// `window` steps of `unixTime` (either side), else `nil`. This is the check a device enable performs.
    public func consecutiveStep(first: String, second: String, near unixTime: Int64, window: Int = 1)
        throws(OTPError) -> UInt64?
    {
        let now = try counter(at: unixTime)
        let window = UInt64(max(0, window))
        let lower = now >= window ? now - window : 0
        let upper = now &+ window
        guard lower <= upper else { return nil }
        for step in lower...upper where hotp.code(counter: step) == first {
            if hotp.code(counter: step &+ 1) == second { return step }
        }
        return nil
    }
}
