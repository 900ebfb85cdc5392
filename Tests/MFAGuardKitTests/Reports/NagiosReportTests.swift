import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct NagiosReportTests {
    struct Parsed: Decodable {
        struct Item: Decodable, Equatable {
            let value: Double
            let warn: String
            let crit: String
            let min: String
        }
        let status: String
        let perfdata: [String: Item]
        let longOutput: [String]
    }

    static let cases: [(String, AuditReport, AlertThresholds, NagiosState)] = [
        ("clean", SampleReports.clean(), .init(), .ok),
        ("low only", SampleReports.only([.low]), .init(), .ok),
        ("medium", SampleReports.only([.low, .medium]), .init(), .warning),
        ("high", SampleReports.only([.medium, .high]), .init(), .critical),
        ("critical", SampleReports.only([.critical]), .init(), .critical),
        ("fail-on low", SampleReports.only([.low]), .init(failOn: .low), .critical),
        ("fail-on critical, high found", SampleReports.only([.high]), .init(failOn: .critical), .ok),
        ("partial with critical", SampleReports.partial(), .init(), .critical),
        (
            "partial, medium only",
            AuditReport(
                generatedAt: SampleReports.generatedAt, dataAsOf: nil, account: .init(id: "1", partition: "aws"),
                findings: SampleReports.only([.medium]).findings, errors: [SampleReports.collectionError], users: 1,
                roles: 0, policies: 0),
            .init(), .unknown
        ),
    ]

    @Test(arguments: cases.map(\.0))
    func stateFollowsThresholdsAndPartialRunsAreUnknown(name: String) {
        let (_, report, thresholds, expected) = Self.cases.first { $0.0 == name }!
        #expect(NagiosReport.state(of: report, thresholds: thresholds) == expected)
        let rendered = try? ReportRenderer.render(report, as: .nagios, options: .init(thresholds: thresholds))
        #expect(rendered?.hasPrefix("MFAGUARD \(expected.label) - ") == true)
    }

    @Test func exitCodesFollowThePluginConvention() {
        #expect([NagiosState.ok, .warning, .critical, .unknown].map(\.exitCode) == [0, 1, 2, 3])
    }

    @Test func exemptedFindingsDoNotRaiseTheState() {
        var finding = SampleReports.only([.critical]).findings[0]
        finding.exemption = SampleReports.exemption
        let report = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: nil, account: .init(id: "1", partition: "aws"),
            findings: [finding], errors: [], users: 1, roles: 0, policies: 0)
        #expect(NagiosReport.state(of: report) == .ok)
    }

    @Test func outputSplitsIntoStatusPerfdataAndOneLinePerFinding() throws {
        let report = SampleReports.partial()
        let parsed = try ReportOracle.check(
            "parse_nagios.py", ReportRenderer.render(report, as: .nagios), named: "nagios.txt", as: Parsed.self)
        let counts = Severity.allCases.reversed().map { "\(report.activeCount($0)) \($0.rawValue)" }
        #expect(
            parsed.status
                == "MFAGUARD CRITICAL - \(counts.joined(separator: ", ")) findings, 1 exempted; "
                + "partial audit, 1 collection error(s)")
        #expect(parsed.perfdata["critical"] == .init(value: 2, warn: "", crit: "0", min: "0"))
        #expect(
            parsed.perfdata["high"] == .init(value: Double(report.activeCount(.high)), warn: "", crit: "0", min: "0"))
        #expect(parsed.perfdata["medium"]?.warn == "0")
        #expect(parsed.perfdata["low"] == .init(value: Double(report.activeCount(.low)), warn: "", crit: "", min: "0"))
        for rule in AuditRule.all {
            #expect(parsed.perfdata[rule.id]?.value == Double(report.activeCount(rule: rule.id)))
        }
        #expect(parsed.perfdata["exempted"]?.value == 1)
        #expect(parsed.perfdata["collection_errors"]?.value == 1)
        #expect(parsed.longOutput.count == report.findings.count + report.errors.count)
        #expect(parsed.longOutput.contains { $0.contains("eve second line") })
        #expect(parsed.longOutput.contains { $0.contains("(exempted: \(SampleReports.exemption.reason))") })
    }

    @Test func cleanRunSaysNoFindings() throws {
        let text = try ReportRenderer.render(SampleReports.clean(), as: .nagios)
        #expect(text.hasPrefix("MFAGUARD OK - no findings | critical=0;;0;0 high=0;;0;0 medium=0;0;;0 low=0;;;0 "))
    }
}
