import Foundation
import JSON
import TestSupport
import Testing

@testable import MFAGuardKit

@Suite struct JSONReportTests {
    struct Validation: Decodable {
        let keysSorted: Bool
        let findings: [[JSONScalar]]
        let errors: Int
        let generatedAt: String
        let total: Int
    }

    /// A string, boolean or null, as the validator prints finding summaries.
    enum JSONScalar: Decodable, Equatable {
        case string(String), bool(Bool), null
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }

    static let schema = ReportOracle.repositoryRoot.appendingPathComponent("docs/report.schema.json").path

    static let reports: [(String, AuditReport)] = [
        ("partial", SampleReports.partial()), ("complete", SampleReports.complete()), ("clean", SampleReports.clean()),
    ]

    @Test(arguments: reports.map(\.0))
    func jsonReportValidatesAgainstTheDocumentedSchema(name: String) throws {
        let report = Self.reports.first { $0.0 == name }!.1
        let text = try ReportRenderer.render(report, as: .json)
        let file = try ReportOracle.write(text, named: "report.json")
        defer { ReportOracle.discard(file) }
        let result = try JSONDecoder().decode(
            Validation.self, from: ReportOracle.python("validate_json_report.py", [Self.schema, file.path]))
        #expect(result.keysSorted)
        #expect(result.generatedAt == "2026-11-18T11:06:40Z")
        #expect(result.errors == report.errors.count)
        #expect(result.total == report.summary.total)
        let expected = report.orderedFindings.map { finding -> [JSONScalar] in
            [.string(finding.rule), finding.principal.map(JSONScalar.string) ?? .null, .bool(finding.isExempted)]
        }
        #expect(result.findings == expected)
    }

    @Test func schemaRejectsAReportThatBreaksIt() throws {
        let text = try ReportRenderer.render(SampleReports.partial(), as: .json)
            .replacingOccurrences(of: "\"severity\": \"critical\"", with: "\"severity\": \"urgent\"")
        let file = try ReportOracle.write(text, named: "broken.json")
        defer { ReportOracle.discard(file) }
        #expect(throws: ReportOracle.Failure.self) {
            try ReportOracle.python("validate_json_report.py", [Self.schema, file.path])
        }
    }

    @Test func jsonReportDecodesBackIntoTheReportModel() throws {
        let report = SampleReports.partial()
        let data = Data(try ReportRenderer.render(report, as: .json).utf8)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(AuditReport.self, from: data)
        #expect(Set(decoded.findings) == Set(report.findings))
        #expect(decoded.summary == report.summary)
        #expect(decoded.errors == report.errors)
        #expect(decoded.generatedAt == report.generatedAt)
        #expect(decoded.dataAsOf == report.dataAsOf)
        #expect(decoded.account == report.account)
    }

    @Test func jsonReportIsTheSameWhateverTheCollectionOrder() throws {
        let report = SampleReports.complete()
        var shuffled = report
        shuffled.findings.reverse()
        #expect(try ReportRenderer.render(report, as: .json) == ReportRenderer.render(shuffled, as: .json))
    }

    @Test func jsonStringsEscapeControlCharactersAndLineSeparators() {
        let text = JSONWriter.pretty(JSONValue.string("a\"b\\c\nd\u{1}e\u{2028}f"))
        #expect(text == "\"a\\\"b\\\\c\\nd\\u0001e\\u2028f\"\n")
    }
}
