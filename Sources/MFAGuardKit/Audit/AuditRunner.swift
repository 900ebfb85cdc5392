import AWSClient
import Foundation
import Logging

/// What `mfaguard audit` and `mfaguard snapshot` do, between parsing and printing.
public enum AuditRunner {
    /// Where the account comes from: a live session, or a snapshot file (offline).
    public enum Source: Sendable {
        case live(AWSSession)
        case snapshot(path: String)
    }

    /// Collects (or loads) the snapshot, runs the rules, applies exemptions; `fresh` re-checks flagged
    /// console users online.
    public static func audit(
        from source: Source, exemptionsPath: String?, fresh: Bool, logger: Logger,
        now: @Sendable () -> Date = { Date() }
    ) async throws -> AuditReport {
        // Read the exemptions first: a broken file should fail before any request is sent.
        let exemptions = try exemptionsPath.map { try Exemption.load(from: $0) } ?? []
        switch source {
        case .snapshot(let path):
            guard !fresh else {
                throw MFAGuardFailure(.input, "--fresh needs a live account; it cannot re-check a snapshot")
            }
            return Audit.run(try AccountSnapshot.load(from: path), exemptions: exemptions, now: now())
        case .live(let session):
            let snapshot = try await SnapshotCollector(session: session, logger: logger).collect()
            var report = Audit.run(snapshot, exemptions: exemptions, now: now())
            if fresh { await Audit.recheckConsoleUsers(&report, session: session) }
            logger.info("audit sent \(session.client.requestsSent) requests")
            return report
        }
    }

    /// Audits every active account of the organization (see `OrganizationAudit`).
    public static func auditOrganization(
        session: AWSSession, options: OrganizationAudit.Options, exemptionsPath: String?, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> AuditReport {
        let exemptions = try exemptionsPath.map { try Exemption.load(from: $0) } ?? []
        return try await OrganizationAudit.run(
            session: session, options: options, exemptions: exemptions, logger: logger, now: now)
    }
}
