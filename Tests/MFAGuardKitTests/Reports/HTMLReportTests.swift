import Foundation
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct HTMLReportTests {
    struct Checked: Decodable {
        struct Screenshot: Decodable {
            let width: Int
            let height: Int
            let colours: Int
            let dominantShare: Double
        }
        let screenshot: Screenshot
        let summaryText: String
        let errorsText: String
        let chartSeverityText: String
        let rows: [[String]]
        let rowsAfterClick: [[String]]
        let hasSortIndicator: Bool
    }

    /// Where the screenshot of the sample report is kept for people to look at.
    static let screenshotCopy = FileManager.default.temporaryDirectory.appendingPathComponent(
        "mfaguard-report-screenshot.png")

    @Test func chromiumRendersTheSummaryChartsAndTableAndSortsOnClick() throws {
        let report = SampleReports.partial()
        let html = try ReportRenderer.render(report, as: .html)
        let file = try ReportOracle.write(html, named: "report.html")
        defer { ReportOracle.discard(file) }
        let work = file.deletingLastPathComponent()
        let checked = try JSONDecoder().decode(
            Checked.self, from: ReportOracle.python("check_html.py", [file.path, work.path]))
        try? FileManager.default.removeItem(at: Self.screenshotCopy)
        try? FileManager.default.copyItem(at: work.appendingPathComponent("report.png"), to: Self.screenshotCopy)

        #expect(checked.screenshot.width == 1280)
        #expect(checked.screenshot.colours > 50)
        #expect(checked.screenshot.dominantShare < 0.97)
        #expect(checked.summaryText == HTMLReport.summaryText(report))
        #expect(checked.summaryText.hasPrefix("\(report.summary.total) findings (2 critical"))
        #expect(checked.errorsText.contains(SampleReports.collectionError.message))
        #expect(checked.chartSeverityText.contains("critical"))
        try #require(checked.rows.count == report.findings.count)
        #expect(checked.rows.map { $0[0] } == report.orderedFindings.map(\.severity.rawValue))
        #expect(checked.rows.contains { $0[2].hasPrefix("dave<admin>&co") })
        #expect(checked.rows.contains { $0[2].hasPrefix("eve\nsecond line") })
        #expect(checked.hasSortIndicator)
        let principals = checked.rowsAfterClick.map { $0[2].lowercased() }
        #expect(principals.count == report.findings.count)
        #expect(principals == principals.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
        #expect(principals != checked.rows.map { $0[2].lowercased() })
    }

    @Test func pageIsSelfContained() throws {
        let html = try ReportRenderer.render(SampleReports.partial(), as: .html)
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://"))
        #expect(!withoutNamespace.contains("https://"))
        #expect(!html.contains("<link"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("<script src"))
    }

    @Test func cleanReportRendersWithoutATable() throws {
        let html = try ReportRenderer.render(SampleReports.clean(), as: .html)
        #expect(html.contains("No findings"))
        #expect(!html.contains("findings-table\">"))
        #expect(html.contains("0 findings (0 critical, 0 high, 0 medium, 0 low), 0 exempted"))
    }
}
