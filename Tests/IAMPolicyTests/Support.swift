import Foundation
import IAMPolicy
import TestSupport

/// Paths and tools the IAMPolicy tests share.
enum TestPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) throws -> Data {
        let url = testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }
}

/// Runs an external program (an oracle) and returns its standard output; a failure to start or a
/// non-zero exit is an error, so a missing oracle fails the test.
func runOracle(_ executable: String, _ arguments: [String], input: Data = Data()) throws -> Data {
    let result = try ChildProcess.run(executable, arguments, stdin: input)
    guard result.status == 0 else {
        throw OracleFailure(
            message: "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    }
    return result.stdoutData
}

struct OracleFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Parses a policy from a Foundation JSON object (the fixtures are read with JSONSerialization, an
/// independent reader).
func policy(fromJSONObject object: Any) throws -> PolicyDocument {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return try PolicyDocument(parsing: String(decoding: data, as: UTF8.self))
}

func policy(_ text: String) throws(PolicyError) -> PolicyDocument {
    try PolicyDocument(parsing: text)
}
