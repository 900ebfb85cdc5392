import AWSClient
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's data goes: stdout, or a file written atomically (`--output FILE`).
public struct OutputDestination: Sendable {
    public let path: String?

    public init(path: String?) { self.path = path.flatMap { $0 == "-" || $0.isEmpty ? nil : $0 } }

    /// Writes `text` (a trailing newline is added when missing).
    public func write(_ text: String, fileMode: mode_t = 0o644) throws {
        // Bytes, not Characters: "\r\n" is one Character, so `hasSuffix("\n")` is false for CRLF text (CSV)
        // and would add an empty last record.
        let data = Data((text.utf8.last == UInt8(ascii: "\n") || text.isEmpty ? text : text + "\n").utf8)
        if let path {
            try AtomicFile.write(data, to: path, newFileMode: fileMode)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// Whether ANSI colour fits: stdout is a terminal, no `--no-color`, no `NO_COLOR`, no `TERM=dumb`.
    public func colorEnabled(noColorFlag: Bool, environment: [String: String]) -> Bool {
        guard path == nil, !noColorFlag else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}
