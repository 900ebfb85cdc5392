import AWSClient
import Foundation
import Logging
import MFAGuardConsole

/// What `mfaguard audit` and `mfaguard snapshot` do, between parsing and printing.
public enum AuditRunner {
    /// Where the account comes from: a live session, a snapshot file (offline), or every active account
    /// of the organization the session's account manages (`OrganizationAudit`).
    public enum Source: Sendable {
        case live(AWSSession)
        case snapshot(path: String)
        /// The management account with `session`, each member account through the role `roleName`,
        /// `concurrency` accounts at a time.
        case organization(AWSSession, roleName: String, concurrency: Int)
    }

    /// Reads the exemptions, then audits `source`: a snapshot with `Audit.run`; a live account with
    /// `Audit.live` (collect, run the rules, and with `fresh` re-check flagged console users online); an
    /// organization with `Audit.live` per member account, merged (`OrganizationAudit`).
    public static func audit(
        from source: Source, exemptionsPath: String?, fresh: Bool, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
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
            let report = try await Audit.live(session, exemptions: exemptions, fresh: fresh, logger: logger, now: now)
            logger.info("audit sent \(session.client.requestsSent) requests")
            return report
        case .organization(let session, let roleName, let concurrency):
            return try await OrganizationAudit.run(
                session: session, options: .init(roleName: roleName, concurrency: concurrency, fresh: fresh),
                exemptions: exemptions, logger: logger, now: now)
        }
    }
}
