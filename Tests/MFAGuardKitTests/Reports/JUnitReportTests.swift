import Foundation
import MFAGuardConsole
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct JUnitReportTests {
    struct Parsed: Decodable {
        struct Suite: Decodable {
            struct Case: Decodable {
                let name: String
                let classname: String
                let results: [String]
                let messages: [String?]
                let text: [String]
            }
            let name: String
            let tests: Int
            let failures: Int
            let errors: Int
            let skipped: Int
            let cases: [Case]
        }
        let root: String
        let totals: [String: Int]
        let etreeCases: Int
        let suites: [Suite]
    }

    func parse(_ report: AuditReport) throws -> Parsed {
        try ReportOracle.check(
            "parse_junit.py", ReportRenderer.render(report, as: .junit), named: "report.xml", as: Parsed.self)
    }

    @Test func junitparserSeesOneSuitePerRuleAndOneCasePerRuleAndPrincipal() throws {
        let report = SampleReports.partial()
        let parsed = try parse(report)
        #expect(parsed.root == "testsuites")
        #expect(parsed.suites.map(\.name) == AuditRule.all.map(\.id) + ["collection"])
        for rule in AuditRule.all {
            let suite = try #require(parsed.suites.first { $0.name == rule.id })
            let findings = report.findings.filter { $0.rule == rule.id }
            let principals = Set(findings.map(\.displayPrincipal))
            let exemptedOnly = principals.filter { name in
                findings.filter { $0.displayPrincipal == name }.allSatisfy(\.isExempted)
            }
            #expect(suite.tests == principals.count)
            #expect(Set(suite.cases.map(\.name)) == principals)
            #expect(suite.skipped == exemptedOnly.count)
            #expect(suite.failures == principals.count - exemptedOnly.count)
            #expect(suite.cases.allSatisfy { $0.classname == "mfaguard.\(rule.id)" })
        }
        let collection = try #require(parsed.suites.last)
        #expect(collection.errors == 1)
        #expect(collection.cases.first?.messages.first == SampleReports.collectionError.message)
        let cases = parsed.suites.flatMap(\.cases)
        #expect(parsed.etreeCases == cases.count)
        #expect(parsed.totals["tests"] == cases.count)
        #expect(parsed.totals["failures"] == parsed.suites.map(\.failures).reduce(0, +))
        #expect(parsed.totals["skipped"] == 1)
        #expect(parsed.totals["errors"] == 1)
    }

    @Test func failureTextKeepsNamesAndRemediationVerbatim() throws {
        let parsed = try parse(SampleReports.partial())
        let console = try #require(parsed.suites.first { $0.name == "console-user-mfa" })
        let dave = try #require(console.cases.first { $0.name == "dave<admin>&co" })
        #expect(dave.results == ["Failure"])
        #expect(dave.messages == ["Console user dave<admin>&co has no MFA device"])
        #expect(dave.text.first?.contains("mfaguard device create --user 'dave<admin>&co'") == true)
        let eve = try #require(console.cases.first { $0.name == "eve\nsecond line" })
        #expect(eve.results == ["Failure"])
        let breakGlass = try #require(console.cases.first { $0.name == "break-glass" })
        #expect(breakGlass.results == ["Skipped"])
        #expect(breakGlass.messages.first??.contains(SampleReports.exemption.reason) == true)
    }

    @Test func ruleWithoutFindingsIsOnePassingCase() throws {
        let parsed = try parse(SampleReports.clean())
        #expect(parsed.suites.count == AuditRule.all.count)
        #expect(parsed.suites.allSatisfy { $0.tests == 1 && $0.failures == 0 && $0.cases.first?.results == [] })
        #expect(parsed.totals == ["tests": AuditRule.all.count, "failures": 0, "errors": 0, "skipped": 0])
    }
}
