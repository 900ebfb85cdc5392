import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct ReportRendererTests {
    /// The same report gives the same bytes every time in every format (a dictionary's order or a
    /// clock reaching a renderer would show here), and no format renders nothing.
    @Test(arguments: ReportFormat.allCases)
    func everyFormatRendersEveryReportTheSameWayTwice(format: ReportFormat) throws {
        for report in [SampleReports.partial(), SampleReports.complete(), SampleReports.clean()] {
            let text = try ReportRenderer.render(report, as: format)
            #expect(!text.isEmpty)
            #expect(try ReportRenderer.render(report, as: format) == text)
        }
    }

    @Test func findingsAreOrderedBySeverityThenRule() {
        let ordered = SampleReports.partial().orderedFindings
        let keys = ordered.map { (-Severity.allCases.firstIndex(of: $0.severity)!, AuditRule.position(of: $0.rule)) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test(arguments: [
        ("a&b", "a&amp;b"), ("<x>", "&lt;x&gt;"), ("\"'", "&quot;&apos;"), ("l1\nl2", "l1&#10;l2"),
        ("bell\u{07}", "bell\u{FFFD}"),
    ])
    func xmlEscapingCoversEntitiesLineBreaksAndForbiddenCharacters(input: String, expected: String) {
        #expect(TextEscaping.xml(input) == expected)
    }
}
