import Foundation

/// `--format junit`: JUnit XML as CI servers read it (the Ant/Surefire dialect). One `<testsuite>` per
/// rule, one `<testcase>` per rule and principal: a `<failure>` for its findings, `<skipped>` when every
/// finding of it is exempted, and one passing test case for a rule with no finding. Collection errors
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

    /// `findings`: the rule's findings, in report order.
    private static func cases(forRule id: String, rule: AuditRule?, findings: [Finding]) -> [TestCase] {
        let classname = "mfaguard.\(id)"
        guard !findings.isEmpty else {
            let name = rule.map { "no finding: \($0.name)" } ?? "no finding"
            return [TestCase(name: name, classname: classname, body: "")]
        }
        var order: [String] = []
        var byPrincipal: [String: [Finding]] = [:]
        for finding in findings {
            if byPrincipal[finding.displayPrincipal] == nil { order.append(finding.displayPrincipal) }
            byPrincipal[finding.displayPrincipal, default: []].append(finding)
        }
        return order.map { principal in
            let group = byPrincipal[principal]!
            let active = group.filter { !$0.isExempted }
            var testCase = TestCase(name: principal, classname: classname, body: "")
            if active.isEmpty {
                let reasons = group.compactMap { $0.exemption?.reason }
                testCase.skipped = 1
                testCase.body =
                    "      <skipped message=\"\(TextEscaping.xml("exempted: " + reasons.joined(separator: "; ")))\"/>\n"
            } else {
                testCase.failures = 1
                let message = active.map(\.title).joined(separator: "; ")
                let text = active.map(describe).joined(separator: "\n\n")
                testCase.body = "      <failure message=\"\(TextEscaping.xml(message))\""
                testCase.body += " type=\"\(active.map(\.severity).max()!.rawValue)\">"
                testCase.body += TextEscaping.xml(text) + "</failure>\n"
            }
            let exempted = group.filter(\.isExempted)
            if !exempted.isEmpty && !active.isEmpty {
                let note = exempted.map { "exempted: \($0.title) (\($0.exemption!.reason))" }.joined(separator: "\n")
                testCase.body += "      <system-out>\(TextEscaping.xml(note))</system-out>\n"
            }
            return testCase
        }
    }

    private static func describe(_ finding: Finding) -> String {
        var text = "[\(finding.severity.rawValue)] \(finding.title)\nresource: \(finding.resource)"
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
