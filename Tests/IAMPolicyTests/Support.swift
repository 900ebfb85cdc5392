import Foundation
import IAMPolicy

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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let writer = Thread {
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw OracleFailure(
            message: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: errors, as: UTF8.self))
    }
    return output
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
