import AWSClient
import Foundation
import JSON
import Testing

@testable import MFAGuardKit

/// Documents written before the one JSON module (December 2026) still load: a snapshot, an enforce journal
/// and an enforce plan that `mfaguard snapshot`, `enforce apply` and `enforce plan --format json` wrote
/// on a seeded moto account with Foundation's `.iso8601` dates and `JSONEncoder`'s pretty layout
/// (`"key" : value`). Fixtures/legacy holds them as written.
@Suite struct LegacyDocumentTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/legacy/\(name)")
            .path
    }

    @Test func aSnapshotWrittenBeforeLoadsAndEncodesToTheSameBytes() throws {
        let path = Self.fixture("snapshot-v1.json")
        let snapshot = try AccountSnapshot.load(from: path)
        #expect(snapshot.schema == AccountSnapshot.schemaID)
        #expect(snapshot.account.id == "123456789012")
        #expect(HTTPDateText.of(snapshot.collectedAt) == "2026-12-02T06:40:09Z")
        #expect(!snapshot.authorization.users.isEmpty)
        // `--output` adds the final newline.
        #expect(try snapshot.encoded() + Data("\n".utf8) == Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aJournalWrittenBeforeLoadsAndSavesTheSameValue() throws {
        let path = Self.fixture("enforce-journal-v2.json")
        let journal = try EnforcementJournal.load(from: path)
        #expect(journal.schema == EnforcementJournal.schemaID)
        #expect(journal.account == "123456789012")
        #expect(journal.entries.count == 12)
        #expect(journal.entries.allSatisfy { $0.status == .done })
        #expect(HTTPDateText.of(journal.entries[0].at) == "2026-12-02T06:40:11Z")
        let directory = NSTemporaryDirectory() + "mfaguard-legacy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try journal.save(to: directory + "/journal.json")
        let old = try JSONReader.parse(try Data(contentsOf: URL(fileURLWithPath: path)))
        let new = try String(contentsOfFile: directory + "/journal.json", encoding: .utf8)
        #expect(try JSONReader.parse(new) == old)
        #expect(new == JSONWriter.pretty(old))
        #expect(try EnforcementJournal.load(from: directory + "/journal.json").entries.count == 12)
    }

    @Test func aPlanWrittenBeforeDecodesAndRendersTheSameValue() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("enforce-plan-v1.json")))
        let plan = try CodableJSON.decoder().decode(EnforcementPlan.self, from: data)
        #expect(plan.schema == EnforcementPlan.schemaID)
        #expect(!plan.steps.isEmpty)
        #expect(try JSONReader.parse(try plan.renderJSON()) == JSONReader.parse(data))
    }
}

/// The one formatter's text of a date, for the assertions above.
enum HTTPDateText {
    static func of(_ date: Date) -> String { ISO8601.format(secondsSince1970: date.timeIntervalSince1970) }
}
