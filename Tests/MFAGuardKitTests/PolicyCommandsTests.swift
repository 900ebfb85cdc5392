import Foundation
import IAMPolicy
import MFAGuardConsole
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite("policy simulate --batch and renderers")
struct PolicyCommandsTests {
    static let allowS3 =
        #"{"Version":"2012-10-17","Statement":[{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
    static let denyNoMFA =
        #"{"Version":"2012-10-17","Statement":{"Sid":"NoMFA","Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}}"#

    /// Parses a response line with Foundation (an independent JSON reader).
    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func batchLineGetsTheDecisionAndTheMatchedStatements() throws {
        let line =
            #"{"id": "r1", "policies": [\#(Self.allowS3), \#(Self.denyNoMFA)], "action": "s3:DeleteObject", "resource": "arn:aws:s3:::b/k", "context": {"aws:MultiFactorAuthPresent": "false", "aws:SourceIp": ["203.0.113.5"]}}"#
        let response = try Self.object(SimulationBatch.respond(to: line))
        #expect(response["id"] as? String == "r1")
        #expect(response["decision"] as? String == "explicitDeny")
        let matched = try #require(response["matched"] as? [[String: Any]])
        #expect(matched.count == 1)
        #expect(matched.first?["policy"] as? String == "policies[1]")
        #expect(matched.first?["statement"] as? Int == 0)
        #expect(matched.first?["sid"] as? String == "NoMFA")
    }

    @Test(arguments: [
        (#"{"aws:MultiFactorAuthPresent": "true"}"#, "allowed"),
        (#"{}"#, "explicitDeny"),
        (#"{"aws:MultiFactorAuthPresent": true}"#, "allowed"),
    ])
    func batchContextKeysThatAreAbsentAreAbsent(context: String, decision: String) throws {
        let line =
            #"{"id": 7, "policies": [\#(Self.allowS3), \#(Self.denyNoMFA)], "action": "s3:GetObject", "context": \#(context)}"#
        let response = try Self.object(SimulationBatch.respond(to: line))
        #expect(response["decision"] as? String == decision)
        #expect(response["id"] as? Int == 7)
    }

    @Test func boundariesAndSCPsIntersectInBatch() throws {
        let line =
            #"{"id": "b", "policies": [{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}], "boundaries": [\#(Self.allowS3)], "scps": [{"Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}], "action": "s3:PutObject"}"#
        let response = try Self.object(SimulationBatch.respond(to: line))
        #expect(response["decision"] as? String == "implicitDeny")
        #expect((response["matched"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [
        (#"{"id": "x", "policies": [}"#, "line 1, column"),
        (
            #"{"id": "x", "policies": [{"Statement": {"Effect": "Maybe", "Action": "*"}}], "action": "s3:GetObject"}"#,
            "policies[0].Statement.Effect"
        ),
        (#"{"id": "x", "policies": [], "action": 5}"#, "action"),
        (#"{"id": "x", "action": "s3:GetObject"}"#, "policies"),
        (#"[1, 2]"#, "object"),
    ])
    func badLinesGetAnErrorNamingTheProblem(line: String, fragment: String) throws {
        let response = try Self.object(SimulationBatch.respond(to: line))
        let error = try #require(response["error"] as? String)
        #expect(error.contains(fragment), "\(error)")
        #expect(response["decision"] == nil)
    }

    @Test func batchAnswersEveryLineInOrderAndGoesOnAfterErrors() throws {
        let requests = [
            #"{"id": "1", "policies": [\#(Self.allowS3)], "action": "s3:GetObject"}"#,
            "not json",
            "",
            #"{"id": "3", "policies": [\#(Self.allowS3)], "action": "ec2:RunInstances"}"#,
        ]
        let (input, output) = ChildProcess.whileNothingStarts { (Pipe(), Pipe()) }
        input.fileHandleForWriting.write(Data(requests.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        SimulationBatch.run(input: input.fileHandleForReading, output: output.fileHandleForWriting)
        try output.fileHandleForWriting.close()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(try Self.object(lines[0])["decision"] as? String == "allowed")
        #expect(try Self.object(lines[1])["error"] != nil)
        #expect(try Self.object(lines[2])["decision"] as? String == "implicitDeny")
    }

    @Test func contextPairsCollectRepeatedKeys() throws {
        let context = try PolicyFiles.context(["aws:SourceIp=1.2.3.4", "AWS:sourceip=5.6.7.8", "aws:username=a=b"])
        #expect(context["aws:SourceIp"] == ["1.2.3.4", "5.6.7.8"])
        #expect(context["aws:username"] == ["a=b"])
        #expect(throws: MFAGuardFailure.self) { try PolicyFiles.context(["novalue"]) }
    }

    @Test func unreadablePolicyFileIsAnInputError() {
        do {
            _ = try PolicyFiles.load("/nonexistent/policy.json")
            Issue.record("loaded a missing file")
        } catch {
            #expect(MFAGuardFailure(wrapping: error)?.exitCode == 2)
        }
    }

    @Test func sarifOutputIsValidJSONWithOneResultPerFinding() throws {
        let document = try PolicyDocument(
            parsing:
                #"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}}"#
        )
        let findings = PolicyLinter.lint(document)
        let sarif = PolicyRendering.lintSARIF([("policy.json", findings)])
        let script = """
            import json, sys
            doc = json.load(sys.stdin)
            run = doc["runs"][0]
            rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
            print(doc["version"], len(run["results"]), all(r["ruleId"] in rules for r in run["results"]),
                  run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            """
        let output = try runPython(script, input: Data(sarif.utf8))
        #expect(output == "2.1.0 \(findings.count) True policy.json\n")
    }

    @Test func analysisReportRanksCatalogActionsAndAnswersChecks() throws {
        let principal = PrincipalPolicies(
            principal: "arn:aws:iam::111122223333:user/alice",
            identityPolicies: [
                AttachedPolicy(name: "S3", source: .inline, document: try PolicyDocument(parsing: Self.allowS3)),
                AttachedPolicy(name: "NoMFA", source: .inline, document: try PolicyDocument(parsing: Self.denyNoMFA)),
            ])
        var index = ActionCatalogIndex(.bundled)
        let report = PolicyAnalysisReport(principal: principal, mfaAge: 60, checks: ["s3:GetObject"], index: &index)
        // Without MFA only what no policy governs is left (sts:GetSessionToken, sts:GetCallerIdentity).
        let ungoverned: Set<String> = ["sts:GetCallerIdentity", "sts:GetSessionToken"]
        #expect(report.states.map { Set($0.actions.map(\.action)) == ungoverned } == [true, true, false])
        let withMFA = report.states[2]
        #expect(
            withMFA.actions.allSatisfy { $0.action.lowercased().hasPrefix("s3:") || ungoverned.contains($0.action) })
        #expect(withMFA.actions.first?.accessLevel == .permissionsManagement)
        #expect(withMFA.checks.first?.allowed == true)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json(limit: 3).utf8)) as? [String: Any])
        let states = try #require(json["states"] as? [[String: Any]])
        #expect(states.map { $0["state"] as? String } == ["keyAbsent", "mfaFalse", "mfaPresent"])
        #expect((states[2]["actions"] as? [Any])?.count == 3)
    }
}

func runPython(_ script: String, input: Data) throws -> String {
    let result = try ChildProcess.python(script, stdin: input)
    guard result.status == 0 else {
        throw MFAGuardFailure(.input, "python3 exited \(result.status): \(result.stderr)")
    }
    return result.stdout
}
