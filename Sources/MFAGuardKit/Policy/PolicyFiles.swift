import Foundation
import IAMPolicy
import LocalFiles
import MFAGuardConsole

/// Reading policy documents and request contexts given on the command line.
public enum PolicyFiles {
    /// Reads and parses a policy document; `-` reads standard input.
    public static func load(_ path: String) throws -> PolicyDocument {
        let text = try readText(path)
        do {
            return try PolicyDocument(parsingStrictly: text)
        } catch {
            throw PolicyFileError(path: path, reason: error.description)
        }
    }

    /// Lints a policy file: a repeated member name is a finding here (with its line and column), where
    /// `load` refuses the file.
    public static func lint(_ path: String, kind: PolicyLinter.PolicyKind?) throws -> [LintFinding] {
        let text = try readText(path)
        do {
            return try PolicyLinter.lint(text: text, kind: kind)
        } catch {
            throw PolicyFileError(path: path, reason: error.description)
        }
    }

    /// The most a policy file may hold: IAM's own limits are far lower (6,144 characters for a
    /// managed policy), so this only stops a runaway input such as `/dev/zero`.
    static let sizeLimit = 1 << 20

    /// Reads a file as UTF-8 text; `-` reads standard input, and so do `/dev/stdin` and pipes.
    public static func readText(_ path: String) throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try FileReader.contents(
                of: path == "-" ? "/dev/stdin" : path, limit: sizeLimit, accepting: .streams)
        } catch {
            throw MFAGuardFailure(error)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PolicyFileError(path: path, reason: "the file is not UTF-8 text")
        }
        return text
    }

    /// Parses `KEY=VALUE` pairs into a request context; a key given twice gets both values.
    public static func context(_ pairs: [String]) throws -> RequestContext {
        var values: [String: [String]] = [:]
        var order: [String] = []
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw MFAGuardFailure(.input, "--context \(pair): expected KEY=VALUE")
            }
            let key = String(pair[..<equals])
            let canonical = order.first { $0.lowercased() == key.lowercased() } ?? key
            if !order.contains(canonical) { order.append(canonical) }
            values[canonical, default: []].append(String(pair[pair.index(after: equals)...]))
        }
        return RequestContext(values)
    }

    /// Writes text to `path`, or to standard output when `path` is nil or `-`.
    public static func write(_ text: String, to path: String?) throws {
        do { try OutputFile.write(Array(text.utf8), to: path, contents: .report) } catch {
            throw MFAGuardFailure(error)
        }
    }
}
