import Foundation
import TestSupport
import Testing

/// A policy file that repeats a member name: `policy lint` reports it as a finding at its line and
/// column (table, JSON and SARIF, which code-scanning tools annotate), while `simulate` and `analyze`
/// refuse the file, as IAM refuses such documents.
@Suite struct PolicyLintCommandTests {
    static let repeatedEffect = """
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
        """

    static func withPolicy(_ body: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory("policy-lint")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/repeated.json"
        try Self.repeatedEffect.write(toFile: file, atomically: true, encoding: .utf8)
        try body(file)
    }

    static func mfaguard(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run(try TestPaths.mfaguardBinary.path, arguments, environment: ChildProcess.environment([:]))
    }

    @Test func theTableNamesTheFileLineAndColumn() throws {
        try Self.withPolicy { file in
            let result = try Self.mfaguard(["policy", "lint", file])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("\(file):2:35: Statement[0].Effect: high [json-duplicate-key] "))
            #expect(result.stdout.hasSuffix("1 finding(s)\n"))
        }
    }

    @Test func sarifCarriesTheRegion() throws {
        try Self.withPolicy { file in
            let result = try Self.mfaguard(["policy", "lint", "--format", "sarif", file])
            #expect(result.status == 1)
            let sarif = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
            let finding = try #require((run["results"] as? [[String: Any]])?.first)
            #expect(finding["ruleId"] as? String == "json-duplicate-key")
            let location = try #require((finding["locations"] as? [[String: Any]])?.first)
            let region = (location["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
            #expect(region?["startLine"] as? Int == 2)
            #expect(region?["startColumn"] as? Int == 35)
        }
    }

    @Test func jsonHasThePositionAndTheStatement() throws {
        try Self.withPolicy { file in
            let result = try Self.mfaguard(["policy", "lint", "--format", "json", file])
            let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            let finding = try #require(
                ((json["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])?.first)
            #expect(finding["line"] as? Int == 2)
            #expect(finding["column"] as? Int == 35)
            #expect(finding["statement"] as? Int == 0)
            #expect(finding["path"] as? String == "Statement[0].Effect")
        }
    }

    @Test(arguments: [["simulate", "--action", "s3:GetObject", "--policy"], ["analyze", "--policy"]])
    func otherPolicyCommandsRefuseTheFile(command: [String]) throws {
        try Self.withPolicy { file in
            let result = try Self.mfaguard(["policy"] + command + [file])
            #expect(result.status == 2)
            #expect(result.stderr.contains("\"Effect\" is given twice in the same object"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}
