import Foundation
import Testing

@testable import MFAGuardKit

@Suite struct TableReportTests {
    /// Removes ANSI SGR sequences (ESC [ … m).
    func stripSGR(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    @Test func plainTableHasNoEscapeSequencesAndGroupsBySeverityCriticalFirst() throws {
        let report = SampleReports.partial()
        let text = try ReportRenderer.render(report, as: .table, options: .init(color: false))
        #expect(!text.contains("\u{1B}"))
        let headings = [
            "CRITICAL (2)", "HIGH (\(report.activeCount(.high)), 1 exempted)", "MEDIUM (", "LOW (", "Summary",
        ]
        let positions = try headings.map { try #require(text.range(of: $0)?.lowerBound) }
        #expect(positions == positions.sorted())
        #expect(text.contains("account 123456789012 (aws)"))
        #expect(text.contains("data as of 2026-11-18T07:46:40Z, the date the credential report carries (3h 20m old)"))
        // A partial run says so before the first finding, not only at the end.
        let banner = try #require(
            text.range(of: "PARTIAL AUDIT: 1 collection error(s) (GetAccountAuthorizationDetails)"))
        #expect(banner.lowerBound < positions[0])
        #expect(text.contains("Partial result: 1 collection error(s)"))
        #expect(text.contains("GetAccountAuthorizationDetails: AccessDenied"))
        #expect(text.contains("EXEMPTED"))
        #expect(
            text.contains("exempted: \(SampleReports.exemption.reason) (owner sec-team@example.com), until 2027-03-31"))
        for finding in report.findings {
            #expect(text.contains("fix: " + TextEscaping.terminalLine(finding.remediation)))
        }
        let counts = "\(report.summary.total) findings: 2 critical, \(report.activeCount(.high)) high"
        #expect(text.contains(counts))
        #expect(text.contains("examined 42 users, 17 roles, 63 policies"))
    }

    @Test func namesCannotBreakLinesOrInjectTerminalControls() throws {
        var finding = SampleReports.only([.high]).findings[0]
        finding.principal = "mallory\u{1B}]0;pwned\u{07}\u{1B}[2J"
        let report = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: nil, account: .init(id: "1", partition: "aws"),
            findings: [finding] + SampleReports.findings, errors: [], users: 1, roles: 0, policies: 0)
        let text = try ReportRenderer.render(report, as: .table, options: .init(color: false))
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("mallory\\u{1B}]0;pwned\\u{7}\\u{1B}[2J"))
        #expect(text.contains("eve\\nsecond line"))
        #expect(text.contains("data age unknown"))
    }

    @Test func colourTableIsThePlainTablePaintedWithSGRCodes() throws {
        let report = SampleReports.partial()
        let plain = try ReportRenderer.render(report, as: .table, options: .init(color: false))
        let colour = try ReportRenderer.render(report, as: .table, options: .init(color: true))
        #expect(colour != plain)
        #expect(colour.contains("\u{1B}[1;97;41mCRITICAL (2)\u{1B}[0m"))
        #expect(colour.contains("\u{1B}[1;31mHIGH (13, 1 exempted)\u{1B}[0m"))
        #expect(colour.contains("\u{1B}[1;35mEXEMPTED\u{1B}[0m"))
        #expect(colour.contains("\u{1B}[1;33mPartial result"))
        #expect(stripSGR(colour) == plain)
    }

    @Test func cleanReportSaysSo() throws {
        let text = try ReportRenderer.render(SampleReports.clean(), as: .table)
        #expect(text.contains("No findings"))
        #expect(text.contains("0 findings: 0 critical, 0 high, 0 medium, 0 low; 0 exempted"))
        #expect(!text.contains("Partial result"))
    }

    @Test(arguments: [(0, "0s"), (59, "59s"), (60, "1m"), (12_000, "3h 20m"), (90_000, "1d 1h")])
    func dataAgeIsShownInTheLargestUsefulUnits(seconds: Int, expected: String) {
        let end = SampleReports.generatedAt
        #expect(ReportDates.age(from: end.addingTimeInterval(-Double(seconds)), to: end) == expected)
    }

    /// Nothing collected (the credential report and every principal missing): no "requires MFA", no date.
    @Test func aRunThatCollectedNothingDoesNotClaimMFAIsRequired() throws {
        let report = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: SampleReports.generatedAt,
            account: .init(id: "1", partition: "aws"), findings: [],
            errors: [
                .init(operation: "GenerateCredentialReport/GetCredentialReport", message: "AccessDenied"),
                .init(operation: "GetAccountAuthorizationDetails", message: "AccessDenied"),
            ], users: 0, roles: 0, policies: 0)
        for format in [ReportFormat.table, .html] {
            let text = try ReportRenderer.render(report, as: format, options: .init(color: false))
            #expect(!text.contains("requires MFA"), "\(format)")
            #expect(!text.contains("data as of"), "\(format)")
            #expect(text.contains("Nothing could be collected"), "\(format)")
            #expect(text.contains("credential report not collected"), "\(format)")
        }
    }

    /// Partial with no finding: the headline says the findings may be missing.
    @Test func aPartialRunWithoutFindingsSaysFindingsMayBeMissing() throws {
        let report = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: SampleReports.dataAsOf,
            account: .init(id: "1", partition: "aws"), findings: [], errors: [SampleReports.collectionError],
            users: 3, roles: 1, policies: 2)
        let text = try ReportRenderer.render(report, as: .table, options: .init(color: false))
        #expect(!text.contains("requires MFA"))
        #expect(text.contains("the audit is partial, so ways in without MFA may be missing"))
        let complete = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: SampleReports.dataAsOf,
            account: .init(id: "1", partition: "aws"), findings: [], errors: [], users: 3, roles: 1, policies: 2)
        let clean = try ReportRenderer.render(complete, as: .table, options: .init(color: false))
        #expect(clean.contains("No findings: every way in that mfaguard checks requires MFA."))
        #expect(!clean.contains("PARTIAL"))
    }
}
