import Foundation

/// What `mfaguard serve` was told: where to listen, how often to audit, how long to keep history, the token.
public struct ServeConfiguration: Sendable {
    /// The address to bind (an IPv4 or IPv6 address, or `localhost`).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Seconds between the starts of two audits (before jitter).
    public var interval: Double
    /// Each wait is the interval times a factor from 1 - jitter to 1 + jitter (default ±10 %).
    public var jitter: Double
    /// Runs older than this many seconds are deleted after each run; nil keeps everything.
    public var keep: Double?
    /// The bearer token every protected endpoint needs; nil on loopback without `--token-file`.
    public var token: String?
    /// `/metrics`, `/healthz` and `/readyz` answer without the token.
    public var metricsPublic: Bool

    /// A configuration; `validate()` checks the rules between its parts.
    public init(
        host: String = "127.0.0.1", port: Int = 9321, interval: Double = 900, jitter: Double = 0.1,
        keep: Double? = 90 * 86400, token: String? = nil, metricsPublic: Bool = false
    ) {
        self.host = host
        self.port = port
        self.interval = interval
        self.jitter = jitter
        self.keep = keep
        self.token = token
        self.metricsPublic = metricsPublic
    }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The reason this configuration is refused, if it is: another address than loopback without a token.
    public func problem() -> String? {
        if !isLoopback && token == nil {
            return "--listen \(host):\(port) is not a loopback address: it needs --token-file FILE (a bearer token)"
        }
        if interval < 1 { return "--interval must be at least 1s" }
        return nil
    }

    /// `HOST:PORT` (`[::1]:9321` for IPv6) as host and port; nil when it is not one.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        var host: Substring
        var port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return nil
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let number = Int(port), (1...65535).contains(number) else { return nil }
        return (String(host), number)
    }

    /// A duration such as `90s`, `15m`, `2h`, `90d` (or a number of seconds) in seconds; nil when it is not one.
    public static func parseDuration(_ text: String) -> Double? {
        guard let last = text.last else { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        let (number, unit) = units[last].map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        return value * unit
    }
}
