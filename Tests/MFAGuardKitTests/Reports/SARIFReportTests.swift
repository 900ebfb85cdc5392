import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct SARIFReportTests {
    struct Validation: Decodable {
        struct Result: Decodable {
            let ruleId: String
            let ruleIndexMatches: Bool
            let level: String
            let location: String
            let fingerprint: String
            let suppressed: Bool
        }
        let schemaTitle: String
        let rules: [String]
        let rulesWithSecuritySeverity: Int
        let results: [Result]
        let notifications: Int
        let executionSuccessful: Bool
    }

    func validate(_ report: AuditReport) throws -> Validation {
        try ReportOracle.check(
            "validate_sarif.py", ReportRenderer.render(report, as: .sarif), named: "report.sarif", as: Validation.self)
    }

    @Test func sarifValidatesAgainstTheOfficialSchemaWithOneRuleEachAndOneResultPerFinding() throws {
        let report = SampleReports.partial()
        let result = try validate(report)
        #expect(result.schemaTitle.contains("SARIF"))
        #expect(result.rules == AuditRule.all.map(\.id))
        #expect(result.rulesWithSecuritySeverity == AuditRule.all.count)
        let findings = report.orderedFindings
        try #require(result.results.count == findings.count)
        for (sarif, finding) in zip(result.results, findings) {
            #expect(sarif.ruleId == finding.rule)
            #expect(sarif.ruleIndexMatches)
            #expect(sarif.location == finding.resource)
            #expect(sarif.level == SARIFReport.level(finding.severity))
            #expect(sarif.suppressed == finding.isExempted)
        }
        #expect(result.notifications == 1)
        #expect(!result.executionSuccessful)
    }

    @Test func officialSchemaRejectsALogThatBreaksIt() throws {
        let text = try ReportRenderer.render(SampleReports.partial(), as: .sarif)
            .replacingOccurrences(of: "\"kind\": \"external\"", with: "\"kind\": \"exempted\"")
        let file = try ReportOracle.write(text, named: "broken.sarif")
        defer { ReportOracle.discard(file) }
        #expect(throws: ReportOracle.Failure.self) { try ReportOracle.python("validate_sarif.py", [file.path]) }
    }

    @Test func cleanAndCompleteRunsValidateToo() throws {
        let clean = try validate(SampleReports.clean())
        #expect(clean.results.isEmpty)
        #expect(clean.executionSuccessful)
        #expect(try validate(SampleReports.complete()).notifications == 0)
    }

    @Test func fingerprintsAreUniquePerRuleAndResourceAndStableAcrossRuns() throws {
        let first = try validate(SampleReports.partial()).results
        var reordered = SampleReports.complete()
        reordered.findings.reverse()
        let second = try validate(reordered).results
        #expect(Set(first.map(\.fingerprint)).count == first.count)
        let firstByKey = Dictionary(uniqueKeysWithValues: first.map { ("\($0.ruleId) \($0.location)", $0.fingerprint) })
        for result in second {
            #expect(firstByKey["\(result.ruleId) \(result.location)"] == result.fingerprint)
        }
        #expect(
            Finding.fingerprint(rule: "a", resource: "bc") != Finding.fingerprint(rule: "ab", resource: "c"))
    }

    @Test(arguments: [
        (Severity.critical, "error", "9.5"), (.high, "error", "8.0"), (.medium, "warning", "5.5"),
        (.low, "note", "3.0"),
    ])
    func severityMapsToLevelAndSecuritySeverity(severity: Severity, level: String, score: String) {
        #expect(SARIFReport.level(severity) == level)
        #expect(SARIFReport.securitySeverity(severity) == score)
    }
}
