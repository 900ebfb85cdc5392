import Foundation
import GRDB
import MFAGuardKit

/// Where a finding stands in a run, against the previous successful run (same `Finding.fingerprint`).
public enum FindingState: String, Codable, Sendable, CaseIterable {
    /// Found in this run, not in the previous successful one.
    case new
    /// Found in this run and in the previous successful one.
    case open
    /// Found in the previous successful run, not in this one.
    case resolved
}

/// One audit run as the history keeps it.
public struct RunRecord: Codable, Sendable, Hashable {
    /// The run's number, increasing.
    public var id: Int64
    /// When the run started.
    public var startedAt: Date
    /// When the run ended.
    public var finishedAt: Date
    /// How long the run took, in seconds.
    public var durationSeconds: Double
    /// The AWS requests the run made, when known.
    public var requests: Int?
    /// Why the run failed; nil when it succeeded.
    public var error: String?
    /// Findings of the run (exempted ones included).
    public var total: Int
    /// Findings not in the previous successful run.
    public var new: Int
    /// Findings also in the previous successful run.
    public var open: Int
    /// Findings of the previous successful run that are gone.
    public var resolved: Int

    /// Whether the run produced a report.
    public var succeeded: Bool { error == nil }
}

/// A finding of a run with its state and the time it was first seen in an unbroken line of runs.
public struct StoredFinding: Codable, Sendable, Hashable {
    /// `Finding.fingerprint`.
    public var fingerprint: String
    /// The rule's id.
    public var rule: String
    /// The severity.
    public var severity: String
    /// The resource's ARN.
    public var resource: String
    /// The inline policy's name, if the finding is about one.
    public var policy: String?
    /// The finding's title.
    public var title: String
    /// New, still open, or resolved in this run.
    public var state: FindingState
    /// The start of the first run that had this finding (since it last appeared).
    public var firstSeen: Date
    /// The run the row belongs to.
    public var runID: Int64
}

/// The SQLite history of `mfaguard serve`: every run, every finding per run by fingerprint, the new /
/// still-open / resolved diff against the previous successful run, and retention. WAL mode (a
/// `DatabasePool`), file mode 0600, schema versions through GRDB's `DatabaseMigrator`.
public final class HistoryStore: Sendable {
    private let pool: DatabasePool

    /// The default file: `$XDG_STATE_HOME/mfaguard/history.sqlite`, else `~/.local/state/mfaguard/history.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        return base + "/mfaguard/history.sqlite"
    }

    /// Opens (creating it 0600, and its directory 0700, when missing) and migrates the database at `path`.
    public init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw MFAGuardStoreError("cannot open the history database \(path): \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// The schema, version by version (never edit a registered migration; add the next one).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("started_at", .double).notNull()
                table.column("finished_at", .double).notNull()
                table.column("duration", .double).notNull()
                table.column("requests", .integer)
                table.column("error", .text)
                table.column("total", .integer).notNull().defaults(to: 0)
                table.column("new", .integer).notNull().defaults(to: 0)
                table.column("open", .integer).notNull().defaults(to: 0)
                table.column("resolved", .integer).notNull().defaults(to: 0)
                table.column("report", .blob)
            }
            try db.create(table: "finding") { table in
                table.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                table.column("fingerprint", .text).notNull()
                table.column("rule", .text).notNull()
                table.column("severity", .text).notNull()
                table.column("resource", .text).notNull()
                table.column("policy", .text)
                table.column("title", .text).notNull()
                table.column("state", .text).notNull()
                table.column("first_seen", .double).notNull()
                table.primaryKey(["run_id", "fingerprint"])
            }
            try db.create(index: "finding_fingerprint", on: "finding", columns: ["fingerprint"])
        }
        return migrator
    }

    /// Records a successful run: its findings are compared with the previous successful run's by
    /// fingerprint. `reportJSON` is the run's `mfaguard.report/v1` document, kept for `/api/v1/report`.
    @discardableResult
    public func recordSuccess(
        _ report: AuditReport, reportJSON: [UInt8], startedAt: Date, finishedAt: Date, requests: Int? = nil
    ) throws -> RunRecord {
        try pool.write { db in
            let previous = try Self.lastSuccessfulRunID(db)
            var earlier: [String: Double] = [:]
            if let previous {
                for row in try Row.fetchAll(
                    db, sql: "SELECT fingerprint, first_seen FROM finding WHERE run_id = ? AND state != 'resolved'",
                    arguments: [previous])
                {
                    earlier[row["fingerprint"]] = row["first_seen"]
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO run (started_at, finished_at, duration, requests, error, total, report)
                    VALUES (?, ?, ?, ?, NULL, ?, ?)
                    """,
                arguments: [
                    startedAt.timeIntervalSince1970, finishedAt.timeIntervalSince1970,
                    finishedAt.timeIntervalSince(startedAt), requests, report.findings.count, Data(reportJSON),
                ])
            let runID = db.lastInsertedRowID
            var seen: Set<String> = []
            var counts: [FindingState: Int] = [:]
            for finding in report.findings {
                let fingerprint = finding.fingerprint
                guard seen.insert(fingerprint).inserted else { continue }
                let state: FindingState = earlier[fingerprint] == nil ? .new : .open
                counts[state, default: 0] += 1
                try Self.insert(
                    db, runID: runID, fingerprint: fingerprint, finding: finding, state: state,
                    firstSeen: earlier[fingerprint] ?? startedAt.timeIntervalSince1970)
            }
            if let previous {
                for row in try Row.fetchAll(
                    db, sql: "SELECT * FROM finding WHERE run_id = ? AND state != 'resolved'", arguments: [previous])
                where !seen.contains(row["fingerprint"] as String) {
                    counts[.resolved, default: 0] += 1
                    try db.execute(
                        sql: """
                            INSERT INTO finding (run_id, fingerprint, rule, severity, resource, policy, title, state,
                                first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 'resolved', ?)
                            """,
                        arguments: [
                            runID, row["fingerprint"], row["rule"], row["severity"], row["resource"], row["policy"],
                            row["title"], row["first_seen"],
                        ])
                }
            }
            try db.execute(
                sql: "UPDATE run SET new = ?, open = ?, resolved = ? WHERE id = ?",
                arguments: [counts[.new] ?? 0, counts[.open] ?? 0, counts[.resolved] ?? 0, runID])
            return try Self.run(db, id: runID)!
        }
    }

    /// Records a run that could not audit (`error` says why; it must hold no secret).
    @discardableResult
    public func recordFailure(_ error: String, startedAt: Date, finishedAt: Date, requests: Int? = nil) throws
        -> RunRecord
    {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO run (started_at, finished_at, duration, requests, error) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    startedAt.timeIntervalSince1970, finishedAt.timeIntervalSince1970,
                    finishedAt.timeIntervalSince(startedAt), requests, error,
                ])
            return try Self.run(db, id: db.lastInsertedRowID)!
        }
    }

    /// The newest runs first, at most `limit`.
    public func runs(limit: Int = 100) throws -> [RunRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.record)
        }
    }

    /// The run numbered `id`, if the history still has it.
    public func run(id: Int64) throws -> RunRecord? {
        try pool.read { db in try Self.run(db, id: id) }
    }

    /// The findings of run `id` (all states).
    public func findings(ofRun id: Int64) throws -> [StoredFinding] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE run_id = ? ORDER BY rule, resource", arguments: [id])
                .map(Self.storedFinding)
        }
    }

    /// The findings of the latest successful run, in `state` (all states when nil).
    public func latestFindings(state: FindingState? = nil) throws -> [StoredFinding] {
        try pool.read { db in
            guard let last = try Self.lastSuccessfulRunID(db) else { return [] }
            let rows =
                if let state {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM finding WHERE run_id = ? AND state = ? ORDER BY rule, resource",
                        arguments: [last, state.rawValue])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM finding WHERE run_id = ? ORDER BY rule, resource", arguments: [last])
                }
            return rows.map(Self.storedFinding)
        }
    }

    /// The last successful run's report document (`mfaguard.report/v1`), if any.
    public func latestReportJSON() throws -> [UInt8]? {
        try pool.read { db in
            guard let last = try Self.lastSuccessfulRunID(db) else { return nil }
            let data = try Data.fetchOne(db, sql: "SELECT report FROM run WHERE id = ?", arguments: [last])
            return data.map { Array($0) }
        }
    }

    /// The last successful run, if any.
    public func lastSuccessfulRun() throws -> RunRecord? {
        try pool.read { db in try Self.lastSuccessfulRunID(db).flatMap { try Self.run(db, id: $0) } }
    }

    /// Deletes the runs that started before `date` (and their findings), keeping the last successful run
    /// so that the next diff still has its base. Returns how many runs it deleted.
    @discardableResult
    public func deleteRuns(startedBefore date: Date) throws -> Int {
        try pool.write { db in
            let keep = try Self.lastSuccessfulRunID(db) ?? -1
            try db.execute(
                sql: "DELETE FROM finding WHERE run_id IN (SELECT id FROM run WHERE started_at < ? AND id != ?)",
                arguments: [date.timeIntervalSince1970, keep])
            try db.execute(
                sql: "DELETE FROM run WHERE started_at < ? AND id != ?", arguments: [date.timeIntervalSince1970, keep])
            return db.changesCount
        }
    }

    /// `PRAGMA integrity_check` (for tests and start-up): "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    private static func lastSuccessfulRunID(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE error IS NULL ORDER BY id DESC LIMIT 1")
    }

    private static func run(_ db: Database, id: Int64) throws -> RunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(record)
    }

    private static func insert(
        _ db: Database, runID: Int64, fingerprint: String, finding: Finding, state: FindingState, firstSeen: Double
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO finding (run_id, fingerprint, rule, severity, resource, policy, title, state, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                runID, fingerprint, finding.rule, finding.severity.rawValue, finding.resource, finding.policy,
                finding.title, state.rawValue, firstSeen,
            ])
    }

    private static func record(_ row: Row) -> RunRecord {
        RunRecord(
            id: row["id"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: Date(timeIntervalSince1970: row["finished_at"]), durationSeconds: row["duration"],
            requests: row["requests"], error: row["error"], total: row["total"], new: row["new"], open: row["open"],
            resolved: row["resolved"])
    }

    private static func storedFinding(_ row: Row) -> StoredFinding {
        StoredFinding(
            fingerprint: row["fingerprint"], rule: row["rule"], severity: row["severity"], resource: row["resource"],
            policy: row["policy"], title: row["title"], state: FindingState(rawValue: row["state"]) ?? .open,
            firstSeen: Date(timeIntervalSince1970: row["first_seen"]), runID: row["run_id"])
    }
}

/// The history database could not be opened.
public struct MFAGuardStoreError: Error, CustomStringConvertible {
    /// What went wrong, and where.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
