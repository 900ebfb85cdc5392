import Foundation
import IAMPolicy
import LocalFiles

/// Reading policy documents and request contexts given on the command line.
public enum PolicyFiles {
    /// Reads and parses a policy document; `-` reads standard input.
    public static func load(_ path: String) throws -> PolicyDocument {
        let text = try readText(path)
        do {
            return try PolicyDocument(parsing: text)
        } catch {
            throw PolicyFileError(path: path, reason: error.description)
        }
    }

    /// Reads a file as UTF-8 text; `-` reads standard input.
    public static func readText(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw PolicyFileError(path: path, reason: "cannot read the file")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
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
