import Foundation
import LocalFiles
import MFAGuardConsole

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's data goes: stdout, or `--output FILE` by the rules of `LocalFiles.OutputFile`
/// (FIFOs and devices written in place, regular files replaced atomically, a missing folder an error).
public struct OutputDestination: Sendable {
    /// The file, or nil for standard output (`-` and an empty path mean standard output too).
    public let path: String?

    /// Standard output for nil, `-` and `""`, else the file `path`.
    public init(path: String?) { self.path = path.flatMap { $0 == "-" || $0.isEmpty ? nil : $0 } }

    /// Writes `text` (a trailing newline is added when missing). `sensitive` output (snapshots, seeds,
    /// anything with account data or secrets) ends with mode 0600 whatever the file had before.
    public func write(_ text: String, contents: OutputFile.Contents = .report) throws {
        // Bytes, not Characters: "\r\n" is one Character, so `hasSuffix("\n")` is false for CRLF text (CSV)
        // and would add an empty last record.
        let bytes = Array((text.utf8.last == UInt8(ascii: "\n") || text.isEmpty ? text : text + "\n").utf8)
        do { try OutputFile.write(bytes, to: path, contents: contents) } catch { throw MFAGuardFailure(error) }
    }

    /// Whether ANSI colour fits: never in a file, else the console's policy for standard output
    /// (`Console.colorEnabled(noColorFlag:)`: a terminal, no `--no-color`, no `NO_COLOR`, no `TERM=dumb`).
    public func colorEnabled(noColorFlag: Bool) -> Bool {
        path == nil && Console.colorEnabled(noColorFlag: noColorFlag)
    }
}
