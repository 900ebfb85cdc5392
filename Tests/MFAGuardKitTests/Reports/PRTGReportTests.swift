import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct PRTGReportTests {
    struct Parsed: Decodable {
        struct Channel: Decodable {
            let channel: String
            let value: Int
            let limitMode: String?
            let limitMaxError: String?
            let limitMaxWarning: String?
        }
        let root: String
        let channels: [Channel]
        let error: String?
        let text: String?
    }

    func parse(_ report: AuditReport) throws -> Parsed {
        try ReportOracle.check(
            "parse_prtg.py", ReportRenderer.render(report, as: .prtg), named: "prtg.xml", as: Parsed.self)
    }

    @Test func pythonReadsOneChannelPerRuleThenTotalsAndAnErrorForAPartialRun() throws {
        let report = SampleReports.partial()
        let parsed = try parse(report)
        #expect(parsed.root == "prtg")
        #expect(
            parsed.channels.map(\.channel)
                == AuditRule.all.map(\.id) + ["Total findings", "Exempted findings", "Collection errors"])
        for rule in AuditRule.all {
            let channel = try #require(parsed.channels.first { $0.channel == rule.id })
            #expect(channel.value == report.activeCount(rule: rule.id))
            switch rule.severity {
            case .critical, .high: #expect(channel.limitMode == "1" && channel.limitMaxError == "0")
            case .medium: #expect(channel.limitMode == "1" && channel.limitMaxWarning == "0")
            case .low: #expect(channel.limitMode == nil && channel.limitMaxError == nil)
            }
        }
        #expect(parsed.channels.first { $0.channel == "Total findings" }?.value == report.summary.total)
        #expect(parsed.channels.first { $0.channel == "Exempted findings" }?.value == 1)
        #expect(parsed.channels.first { $0.channel == "Collection errors" }?.value == 1)
        #expect(parsed.error == "1")
        let text = try #require(parsed.text)
        #expect(text.hasPrefix("Partial audit, 1 collection error(s): GetAccountAuthorizationDetails"))
        #expect(text.contains(". Concerned: root, <root_account>, =HYPERLINK(\"x\"), alice, "))
        #expect(text.contains(", 345678901234:root, "))
        #expect(text.contains("policy/DenyWithoutMFA"))
        #expect(text.contains("dave<admin>&co"))
        #expect(text.contains("eve second line"))
        #expect(!text.contains("break-glass"))
    }

    @Test func completeRunHasNoErrorElement() throws {
        let parsed = try parse(SampleReports.complete())
        #expect(parsed.error == nil)
        #expect(parsed.text?.hasPrefix("\(SampleReports.complete().summary.total) finding(s)") == true)
    }

    @Test func textNamingThousandsOfUsersIsCutAtANameWithinPRTGsLimit() throws {
        let names = (0..<3000).map { "user-\($0)-ünïcödé" }
        let findings = names.map {
            Finding(
                rule: .consoleUserMFA, resource: SampleReports.user($0), principal: $0, title: "t", detail: "",
                remediation: "r")
        }
        let report = AuditReport(
            generatedAt: SampleReports.generatedAt, dataAsOf: nil, account: .init(id: "1", partition: "aws"),
            findings: findings, errors: [], users: 3000, roles: 0, policies: 0)
        let text = try #require(try parse(report).text)
        #expect(text.unicodeScalars.count <= PRTGReport.maximumTextLength)
        #expect(text.unicodeScalars.count > PRTGReport.maximumTextLength - 40)
        let listed = text.components(separatedBy: "Concerned: ")[1].components(separatedBy: ", ")
        let kept = listed.dropLast()
        #expect(kept.allSatisfy { names.contains($0) })
        #expect(listed.last == "… and \(names.count - kept.count) more")
    }
}
