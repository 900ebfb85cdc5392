import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct CSVReportTests {
    struct Parsed: Decodable {
        let rows: [[String]]
        let crlfOnly: Bool
    }

    func parse(_ report: AuditReport) throws -> Parsed {
        try ReportOracle.check(
            "parse_csv.py", ReportRenderer.render(report, as: .csv), named: "report.csv", as: Parsed.self)
    }

    @Test func pythonCSVReadsOneRowPerFindingWithEveryFieldIntact() throws {
        let report = SampleReports.partial()
        let parsed = try parse(report)
        #expect(parsed.crlfOnly)
        #expect(parsed.rows.first == CSVReport.header)
        let rows = Array(parsed.rows.dropFirst())
        let findings = report.orderedFindings
        try #require(rows.count == findings.count)
        for (row, finding) in zip(rows, findings) {
            #expect(row.count == CSVReport.header.count)
            #expect(row[0] == finding.severity.rawValue)
            #expect(row[1] == finding.rule)
            let principal = finding.principal ?? ""
            // Formula starters are shown as text with a leading quote; everything else is verbatim.
            #expect(row[2] == (principal.first.map { "=+-@".contains($0) } == true ? "'" + principal : principal))
            #expect(row[3] == finding.resource)
            #expect(row[4] == finding.title)
            #expect(row[5] == finding.detail)
            #expect(row[8] == finding.remediation)
            #expect(row[9] == (finding.isExempted ? "yes" : "no"))
            #expect(row[10] == (finding.exemption?.reason ?? ""))
        }
    }

    @Test func exemptedFindingCarriesItsReasonOwnerAndExpiry() throws {
        let rows = try parse(SampleReports.partial()).rows
        let exempted = rows.filter { $0[9] == "yes" }
        #expect(exempted.count == 1)
        #expect(exempted.first?[2] == "break-glass")
        #expect(exempted.first?[10] == SampleReports.exemption.reason)
        #expect(exempted.first?[11] == "sec-team@example.com")
        #expect(exempted.first?[12] == "2027-03-31")
    }

    @Test func cleanReportIsAHeaderAlone() throws {
        #expect(try parse(SampleReports.clean()).rows == [CSVReport.header])
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("=SUM(A1)", "'=SUM(A1)"), ("@cmd", "'@cmd"), ("", ""),
    ])
    func fieldsAreQuotedOnlyWhenRFC4180NeedsIt(input: String, expected: String) {
        #expect(CSVReport.field(input) == expected)
    }
}
