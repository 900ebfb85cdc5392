import Foundation
import MFAGuardKit
import MFAGuardServer
import Testing

@Suite struct HistoryStoreTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "mfaguard-history-\(UUID().uuidString)/state/history.sqlite"
    }

    static func finding(_ user: String) -> Finding {
        Finding(
            rule: .consoleUserMFA, resource: "arn:aws:iam::123456789012:user/\(user)", principal: user,
            title: "Console user \(user) has no MFA", detail: "", remediation: "")
    }

    static func report(_ users: [String]) -> AuditReport {
        AuditReport(
            generatedAt: Date(), dataAsOf: nil, account: .init(id: "123456789012", partition: "aws"),
            findings: users.map(finding), errors: [], users: users.count, roles: 0, policies: 0)
    }

    @Test func theFileIsPrivateAndMigrated() throws {
        let path = Self.temporaryPath()
        let store = try HistoryStore(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.runs().isEmpty)
        #expect(try store.latestFindings().isEmpty)
    }

    @Test func eachRunKnowsWhatIsNewStillOpenAndResolved() throws {
        let store = try HistoryStore(path: Self.temporaryPath())
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try store.recordSuccess(
            Self.report(["alice", "bob"]), reportJSON: Array("{}".utf8), startedAt: t0, finishedAt: t0 + 1)
        #expect((first.new, first.open, first.resolved, first.total) == (2, 0, 0, 2))

        let t1 = t0 + 60
        let second = try store.recordSuccess(
            Self.report(["bob", "<script>\"carol\""]), reportJSON: Array("{\"b\":1}".utf8), startedAt: t1,
            finishedAt: t1 + 2)
        #expect((second.new, second.open, second.resolved, second.total) == (1, 1, 1, 2))
        #expect(second.id > first.id)

        let new = try store.latestFindings(state: .new)
        #expect(new.map(\.resource) == ["arn:aws:iam::123456789012:user/<script>\"carol\""])
        #expect(new.first?.firstSeen == t1)
        let open = try store.latestFindings(state: .open)
        #expect(open.map(\.fingerprint) == [Self.finding("bob").fingerprint])
        #expect(open.first?.firstSeen == t0)
        let resolved = try store.latestFindings(state: .resolved)
        #expect(resolved.map(\.fingerprint) == [Self.finding("alice").fingerprint])
        #expect(try store.latestReportJSON() == Array("{\"b\":1}".utf8))
    }

    @Test func aFailedRunIsRecordedAndIsNotTheBaseOfTheNextDiff() throws {
        let store = try HistoryStore(path: Self.temporaryPath())
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try store.recordSuccess(Self.report(["alice"]), reportJSON: [], startedAt: t0, finishedAt: t0 + 1)
        let failed = try store.recordFailure("cannot reach IAM", startedAt: t0 + 60, finishedAt: t0 + 61)
        #expect(failed.error == "cannot reach IAM")
        #expect(!failed.succeeded)
        #expect(try store.lastSuccessfulRun()?.id != failed.id)
        let third = try store.recordSuccess(
            Self.report(["alice"]), reportJSON: [], startedAt: t0 + 120, finishedAt: t0 + 121)
        #expect((third.new, third.open, third.resolved) == (0, 1, 0))
        #expect(try store.runs().map(\.id) == [third.id, failed.id, third.id - 2])
    }

    @Test func historySurvivesReopening() throws {
        let path = Self.temporaryPath()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let id = try HistoryStore(path: path).recordSuccess(
            Self.report(["alice"]), reportJSON: [], startedAt: t0, finishedAt: t0 + 1
        ).id
        let reopened = try HistoryStore(path: path)
        #expect(try reopened.run(id: id)?.total == 1)
        let next = try reopened.recordSuccess(
            Self.report(["alice"]), reportJSON: [], startedAt: t0 + 60, finishedAt: t0 + 61)
        #expect((next.new, next.open) == (0, 1))
    }

    @Test func retentionDeletesOldRunsButKeepsTheLastSuccessfulOne() throws {
        let store = try HistoryStore(path: Self.temporaryPath())
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let old = try store.recordSuccess(Self.report(["alice"]), reportJSON: [], startedAt: t0, finishedAt: t0 + 1)
        let kept = try store.recordSuccess(
            Self.report(["alice"]), reportJSON: [], startedAt: t0 + 100, finishedAt: t0 + 101)
        try store.recordFailure("boom", startedAt: t0 + 200, finishedAt: t0 + 201)
        #expect(try store.deleteRuns(startedBefore: t0 + 1000) == 2)
        #expect(try store.run(id: old.id) == nil)
        #expect(try store.runs().map(\.id) == [kept.id])
        #expect(try store.findings(ofRun: old.id).isEmpty)
        #expect(try store.latestFindings(state: .open).count == 1)
    }

    @Test func theDefaultPathFollowsXDGStateHome() {
        #expect(
            HistoryStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
                == "/s/mfaguard/history.sqlite")
        #expect(HistoryStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/mfaguard/history.sqlite")
    }
}
