import Foundation
import MFAGuardKit
import TestSupport
import Testing

/// docs/audit-rules.md documents exactly the rules `AuditRule.all` declares, in the same order, each with
/// its severity.
@Suite struct AuditRuleDocsTests {
    /// The rule table's rows: rule id and the severity cell.
    static func documentedRules() throws -> [(id: String, severity: String)] {
        let text = try String(
            contentsOf: TestPaths.repoRoot.appendingPathComponent("docs/audit-rules.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 3 else { return nil }
            return (id: cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")), severity: cells[2])
        }
    }

    @Test func everyDeclaredRuleIsDocumentedWithItsSeverity() throws {
        let documented = try Self.documentedRules()
        #expect(documented.map(\.id) == AuditRule.all.map(\.id))
        for rule in AuditRule.all {
            let row = documented.first { $0.id == rule.id }
            #expect(row != nil, "\(rule.id) is not in docs/audit-rules.md")
            // The cell may qualify it ("high (medium when …)"): its first word is the default severity.
            let severity = row?.severity.split(separator: " ").first.map(String.init)
            #expect(severity == rule.severity.rawValue, "\(rule.id): documented \(row?.severity ?? "-")")
        }
    }

    @Test func everyRuleCarriesItsGuidanceAndAnAWSDocumentationLink() {
        #expect(Set(AuditRule.all.map(\.id)).count == AuditRule.all.count)
        for rule in AuditRule.all {
            #expect(!rule.name.isEmpty && !rule.help.isEmpty && !rule.remediationGuide.isEmpty, "\(rule.id)")
            #expect(rule.documentationURL.hasPrefix("https://docs.aws.amazon.com/"), "\(rule.id)")
            #expect(AuditRule.named(rule.id) == rule)
        }
    }
}
