import Foundation
import MFAGuardKit
import TestSupport
import Testing

/// Exemptions hide findings, so their file is read strictly (YAML through Yams, JSON as YAML), and
/// what it accepts is checked against PyYAML reading the same file.
@Suite struct ExemptionsFileTests {
    func load(_ text: String) throws -> (path: String, result: Result<[Exemption], any Error>) {
        let directory = try makeTemporaryDirectory("exemptions")
        let path = directory + "/exemptions.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, Result { try Exemption.load(from: path) })
    }

    func failure(_ text: String) throws -> String {
        let (path, result) = try load(text)
        guard case .failure(let error) = result else {
            Issue.record("accepted: \(text)")
            return ""
        }
        return String(describing: error).replacingOccurrences(of: path, with: "FILE")
    }

    static let accepted: [String] = [
        """
        # break-glass accounts
        exemptions:
          - rule: console-user-mfa
            principal: "dev-nomfa-*"
            reason: Developers enrol next sprint  # tracked in SEC-12
            owner: security@example.com
            expires: 2999-12-31
          - "rule": root-mfa
            'principal': arn:aws:iam::123456789012:root
            reason: 'Root token in the safe'
            expires: 2027-02-28T18:30:00+01:00
        """,
        """
        [{rule: console-user-mfa, principal: "breakglass", reason: "kept offline", expires: "2028-02-29"},
         {rule: "*", principal: "arn:aws:iam::123456789012:user/ops-*", reason: audited elsewhere}]
        """,
        """
        {"exemptions": [{"rule": "root-mfa", "principal": "arn:aws:iam::123456789012:root",
                         "reason": "token in the safe", "owner": "sec"}]}
        """,
    ]

    /// PyYAML's reading of the same file, as `[{key: text}]`.
    func pyyaml(_ path: String) throws -> [[String: String]] {
        let script = """
            import json, sys, yaml
            data = yaml.safe_load(open(sys.argv[1]))
            items = data["exemptions"] if isinstance(data, dict) else data
            print(json.dumps([{k: str(v) for k, v in item.items()} for item in items]))
            """
        let result = try ChildProcess.run("python3", ["-c", script, path])
        guard result.status == 0 else { throw TestSupportError("PyYAML: \(result.stderr)") }
        return try JSONDecoder().decode([[String: String]].self, from: result.stdoutData)
    }

    @Test(arguments: accepted) func readsWhatPyYAMLReads(text: String) throws {
        let (path, result) = try load(text)
        let exemptions = try result.get()
        let oracle = try pyyaml(path)
        #expect(exemptions.count == oracle.count)
        for (ours, theirs) in zip(exemptions, oracle) {
            #expect(ours.rule == theirs["rule"])
            #expect(ours.principal == theirs["principal"])
            #expect(ours.reason == theirs["reason"])
            #expect(ours.owner == theirs["owner"])
            // PyYAML turns unquoted dates into date objects; compare the day only.
            #expect(ours.expires.map { String($0.prefix(10)) } == theirs["expires"].map { String($0.prefix(10)) })
        }
    }

    @Test func aTypoedKeyIsRefusedWithItsLine() throws {
        let message = try failure(
            "- rule: console-user-mfa\n  principal: dev\n  reason: later\n  expire: 2027-01-01\n")
        #expect(
            message == "FILE:4: exemptions[0]: unknown key 'expire' (expected rule, principal, reason, owner, expires)")
    }

    @Test func aDuplicateKeyIsRefused() throws {
        let message = try failure("- rule: console-user-mfa\n  principal: dev\n  reason: x\n  rule: root-mfa\n")
        #expect(message.hasPrefix("FILE:"))
        #expect(message.hasSuffix("duplicate key 'rule'"))
    }

    @Test(arguments: ["2027-02-30", "2027-02-29", "2027-13-01", "2027-1-01", "2027-06-31T10:00:00Z", "soon"])
    func anImpossibleDateIsRefused(date: String) throws {
        let message = try failure("- rule: root-mfa\n  principal: root\n  reason: x\n  expires: \(date)\n")
        #expect(message.hasPrefix("FILE:4: exemptions[0]: 'expires' is not a valid date"), "\(message)")
    }

    @Test func aValueThatIsNotTextIsRefused() throws {
        #expect(
            try failure("- rule: root-mfa\n  principal: 5\n  reason: x\n")
                == "FILE:2: exemptions[0]: 'principal' must be text (quote it: \"5\")")
        #expect(try failure("- rule: root-mfa\n  principal: [a, b]\n  reason: x\n").hasPrefix("FILE:2: "))
    }

    @Test func brokenYAMLNamesLineAndColumn() throws {
        let message = try failure("- rule: root-mfa\n  principal: \"unterminated\n  reason: x\n")
        #expect(message.range(of: #"^FILE:\d+:\d+: "#, options: .regularExpression) != nil, "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func otherShapesAreRefused() throws {
        #expect(try failure("rules:\n  - rule: root-mfa\n").hasPrefix("FILE:1: unknown key 'rules'"))
        #expect(try failure("exemptions: none\n") == "FILE:1: 'exemptions' must be a list")
        #expect(try failure("- just text\n") == "FILE:1: exemptions[0] is not a mapping")
        #expect(
            try failure("- rule: root-mfa\n  principal: x\n")
                == "FILE:1: exemptions[0]: 'reason' is missing (say why the risk is accepted)")
    }

    @Test func datesMeanTheEndOfTheDayOrTheGivenMoment() throws {
        let (_, result) = try load(
            "- {rule: root-mfa, principal: a, reason: x, expires: 2028-02-29}\n"
                + "- {rule: root-mfa, principal: b, reason: x, expires: '2027-02-28T18:30:00.5+01:00'}\n")
        let exemptions = try result.get()
        // 2028-02-29 is valid through that day: the exemption ends at 2028-03-01T00:00:00Z.
        #expect(exemptions[0].expiryDate == Date(timeIntervalSince1970: 1_835_481_600))
        #expect(exemptions[1].expiryDate == Date(timeIntervalSince1970: 1_803_835_800.5))
    }
}
