import Foundation

/// `--format junit`: JUnit XML as CI servers read it (the Ant/Surefire dialect). One `<testsuite>` per
/// rule, one `<testcase>` per finding: a `<failure>` for an open one, `<skipped>` for an exempted one, and
/// one passing test case for a rule with no finding. Collection errors
/// become `<error>` test cases of a `collection` suite, so a partial run cannot look green.
enum JUnitReport {
    struct TestCase {
        var name: String
        var classname: String
        var body: String
        var failures = 0
        var errors = 0
        var skipped = 0
    }

    static func render(_ report: AuditReport) -> String {
        let timestamp = ReportDates.iso8601(report.generatedAt).replacingOccurrences(of: "Z", with: "")
        let byRule = Dictionary(grouping: report.orderedFindings, by: \.rule)
        var suites: [(name: String, cases: [TestCase])] = report.reportedRules.map { entry in
            (entry.id, cases(forRule: entry.id, rule: entry.rule, findings: byRule[entry.id] ?? []))
        }
        if report.isPartial {
            suites.append(("collection", report.errors.map(errorCase)))
        }
        let all = suites.flatMap(\.cases)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"mfaguard audit\" tests=\"\(all.count)\""
        xml += " failures=\"\(all.map(\.failures).reduce(0, +))\" errors=\"\(all.map(\.errors).reduce(0, +))\""
        xml += " skipped=\"\(all.map(\.skipped).reduce(0, +))\" time=\"0\" timestamp=\"\(timestamp)\">\n"
        for (index, suite) in suites.enumerated() {
            xml += "  <testsuite name=\"\(TextEscaping.xml(suite.name))\" id=\"\(index)\""
            xml += " package=\"mfaguard.\(TextEscaping.xml(report.account.id))\" tests=\"\(suite.cases.count)\""
            xml += " failures=\"\(suite.cases.map(\.failures).reduce(0, +))\""
            xml += " errors=\"\(suite.cases.map(\.errors).reduce(0, +))\""
            xml += " skipped=\"\(suite.cases.map(\.skipped).reduce(0, +))\""
            xml += " time=\"0\" timestamp=\"\(timestamp)\" hostname=\"\(TextEscaping.xml(report.account.id))\">\n"
            for testCase in suite.cases {
                xml += "    <testcase name=\"\(TextEscaping.xml(testCase.name))\""
                xml += " classname=\"\(TextEscaping.xml(testCase.classname))\" time=\"0\""
                xml += testCase.body.isEmpty ? "/>\n" : ">\n\(testCase.body)    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// `findings`: the rule's findings, in report order; one test case each, so the number of failures is
    /// the number of open findings. Names are the principal (with the inline policy, if any), else the
    /// resource ARN; two findings that would still share a name (the same principal under one rule, for two
    /// resources) get the resource added, and a number as the last resort, because CI servers merge test
    /// cases of the same class and name.
    private static func cases(forRule id: String, rule: AuditRule?, findings: [Finding]) -> [TestCase] {
        let classname = "mfaguard.\(id)"
        guard !findings.isEmpty else {
            let name = rule.map { "no finding: \($0.name)" } ?? "no finding"
            return [TestCase(name: name, classname: classname, body: "")]
        }
        let shared = Dictionary(grouping: findings, by: \.displayPrincipal).filter { $0.value.count > 1 }
        var used: Set<String> = []
        return findings.map { finding in
            var name = finding.displayPrincipal
            if shared[name] != nil && finding.principal != nil { name += " [\(finding.resource)]" }
            var candidate = name
            var number = 2
            while !used.insert(candidate).inserted {
                candidate = "\(name) #\(number)"
                number += 1
            }
            var testCase = TestCase(name: candidate, classname: classname, body: "")
            if let exemption = finding.exemption {
                testCase.skipped = 1
                let message = "exempted: \(exemption.reason)"
                testCase.body = "      <skipped message=\"\(TextEscaping.xml(message))\"/>\n"
                testCase.body += "      <system-out>\(TextEscaping.xml(describe(finding)))</system-out>\n"
            } else {
                testCase.failures = 1
                testCase.body = "      <failure message=\"\(TextEscaping.xml(finding.title))\""
                testCase.body += " type=\"\(finding.severity.rawValue)\">"
                testCase.body += TextEscaping.xml(describe(finding)) + "</failure>\n"
            }
            return testCase
        }
    }

    private static func describe(_ finding: Finding) -> String {
        var text = "[\(finding.severity.rawValue)] \(finding.title)\nresource: \(finding.resource)"
        if let policy = finding.policy { text += "\ninline policy: \(policy)" }
        if !finding.detail.isEmpty { text += "\n\(finding.detail)" }
        if !finding.cis.isEmpty { text += "\n\(finding.cis.joined(separator: ", "))" }
        text += "\nremediation: \(finding.remediation)"
        return text
    }

    private static func errorCase(_ error: AuditReport.CollectionError) -> TestCase {
        var testCase = TestCase(name: error.operation, classname: "mfaguard.collection", body: "")
        testCase.errors = 1
        testCase.body = "      <error message=\"\(TextEscaping.xml(error.message))\" type=\"CollectionError\"/>\n"
        return testCase
    }
}
