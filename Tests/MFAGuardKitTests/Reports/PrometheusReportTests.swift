import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct PrometheusReportTests {
    struct Parsed: Decodable {
        struct Family: Decodable {
            struct Sample: Decodable {
                let name: String
                let labels: [String: String]
                let value: Double
            }
            let name: String
            let type: String
            let documentation: String
            let samples: [Sample]
        }
        let families: [Family]

        func family(_ name: String) -> Family? { families.first { $0.name == name } }
    }

    func parse(_ report: AuditReport) throws -> Parsed {
        try ReportOracle.check(
            "parse_prometheus.py", ReportRenderer.render(report, as: .prometheus), named: "mfaguard.prom",
            as: Parsed.self)
    }

    @Test func prometheusClientReadsAGaugePerRuleWithZeroWhereNothingWasFound() throws {
        let report = SampleReports.partial()
        let parsed = try parse(report)
        let findings = try #require(parsed.family("mfaguard_findings"))
        #expect(findings.type == "gauge")
        #expect(!findings.documentation.isEmpty)
        for rule in AuditRule.all {
            let sample = findings.samples.first { $0.labels == ["rule": rule.id, "severity": rule.severity.rawValue] }
            #expect(sample?.value == Double(report.activeCount(rule: rule.id)))
        }
        #expect(findings.samples.map(\.value).reduce(0, +) == Double(report.summary.total))
        let exempted = try #require(parsed.family("mfaguard_findings_exempted"))
        #expect(exempted.samples.count == AuditRule.all.count)
        #expect(exempted.samples.first { $0.labels["rule"] == "console-user-mfa" }?.value == 1)
        #expect(exempted.samples.map(\.value).reduce(0, +) == 1)
        #expect(parsed.family("mfaguard_audit_partial")?.samples.first?.value == 1)
        #expect(parsed.family("mfaguard_audit_collection_errors")?.samples.first?.value == 1)
        #expect(parsed.family("mfaguard_audit_last_success_timestamp_seconds") == nil)
        #expect(parsed.family("mfaguard_audit_last_run_timestamp_seconds")?.samples.first?.value == 1_795_000_000)
        #expect(parsed.family("mfaguard_audit_data_timestamp_seconds")?.samples.first?.value == 1_794_988_000)
        #expect(parsed.family("mfaguard_audit_info")?.samples.first?.labels["account"] == SampleReports.account)
    }

    @Test func completeRunRecordsItsSuccessTime() throws {
        let parsed = try parse(SampleReports.clean())
        #expect(parsed.family("mfaguard_audit_last_success_timestamp_seconds")?.samples.first?.value == 1_795_000_000)
        #expect(parsed.family("mfaguard_audit_partial")?.samples.first?.value == 0)
        #expect(parsed.family("mfaguard_findings")?.samples.count == AuditRule.all.count)
        #expect(parsed.family("mfaguard_findings")?.samples.allSatisfy { $0.value == 0 } == true)
    }

    @Test func labelValuesWithQuotesBackslashesAndLineBreaksSurviveTheParser() throws {
        let awkward = "odd \"rule\" \\ with\nbreak & <ünïcode>"
        var finding = SampleReports.only([.low]).findings[0]
        finding.rule = awkward
        let report = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: nil, account: .init(id: "1\"2\\3", partition: "aws"),
            findings: [finding], errors: [], users: 1, roles: 0, policies: 0)
        let parsed = try parse(report)
        let sample = parsed.family("mfaguard_findings")?.samples.first { $0.labels["rule"] == awkward }
        #expect(sample?.value == 1)
        #expect(sample?.labels["severity"] == "low")
        #expect(parsed.family("mfaguard_audit_info")?.samples.first?.labels["account"] == "1\"2\\3")
    }
}
