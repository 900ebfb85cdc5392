import Logging

extension Logger {
    /// mfaguard's logger on stderr: debug level with `--debug` (signed requests, secrets redacted),
    /// warnings otherwise.
    public static func mfaguard(debug: Bool) -> Logger {
        var logger = Logger(label: "mfaguard") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = debug ? .debug : .warning
        return logger
    }
}
