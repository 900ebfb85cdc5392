import AWSClient
import Foundation
import Logging

/// The audit: rules over an account snapshot, exemptions applied, one report.
public enum Audit {
    /// Runs every rule on `snapshot`. The result depends only on the snapshot, the exemptions and
    /// `now` (for exemption expiry), so an offline audit of a saved snapshot gives the same findings.
    public static func run(_ snapshot: AccountSnapshot, exemptions: [Exemption] = [], now: Date) -> AuditReport {
        let context = AuditContext(snapshot)
        var findings = AuditRule.all.flatMap { $0.check(context) }
        findings.sort {
            ($0.rule, $0.resource, $0.principal ?? "", $0.title) < ($1.rule, $1.resource, $1.principal ?? "", $1.title)
        }
        let expired = Exemption.apply(exemptions, to: &findings, now: now)
        var errors = snapshot.errors
        if snapshot.credentialReport == nil, !errors.contains(where: { $0.operation.contains("CredentialReport") }) {
            errors.append(.init(operation: "GetCredentialReport", message: "the snapshot has no credential report"))
        }
        errors += context.errors
        var report = AuditReport(
            generatedAt: now, dataAsOf: snapshot.credentialReport?.generatedAt ?? snapshot.collectedAt,
            account: snapshot.account, findings: findings, errors: errors,
            users: snapshot.authorization.users.count, roles: snapshot.authorization.roles.count,
            policies: snapshot.authorization.policies.count)
        report.expiredExemptions = expired
        return report
    }

    /// The audit of one live account, the same for `mfaguard audit` and for each member account of
    /// `audit --organization`: collects the snapshot (`SnapshotCollector`), runs the rules with `exemptions`
    /// (`run`), and with `fresh` re-checks the console users it flags (`recheckConsoleUsers`).
    public static func live(
        _ session: AWSSession, exemptions: [Exemption], fresh: Bool, logger: Logger, now: @Sendable () -> Date
    ) async throws -> AuditReport {
        let snapshot = try await SnapshotCollector(session: session, logger: logger).collect()
        var report = run(snapshot, exemptions: exemptions, now: now())
        if fresh { await recheckConsoleUsers(&report, session: session) }
        return report
    }

    /// `--fresh`: the credential report may be up to 4 hours old, so ask again, user by user, about the
    /// console users it flags (`GetLoginProfile`, `ListMFADevices`), and drop the findings that no
    /// longer hold. Bounded concurrency; the rate limit of the session applies.
    public static func recheckConsoleUsers(_ report: inout AuditReport, session: AWSSession, concurrency: Int = 4) async
    {
        let flagged = report.findings.filter { $0.rule == AuditRule.consoleUserMFA.id }.compactMap(\.principal)
        guard !flagged.isEmpty else { return }
        let iam = session.iam
        /// Whether a flagged user still has a password and no MFA device, or why that is not known.
        struct Recheck: Sendable {
            var user: String
            var resolved: Bool
            var failure: String?
        }
        @Sendable func recheck(_ user: String) async -> Recheck {
            do {
                let password = try await iam.hasLoginProfile(user)
                let devices = password ? try await iam.listMFADevices(user) : []
                return Recheck(user: user, resolved: !password || !devices.isEmpty, failure: nil)
            } catch {
                return Recheck(user: user, resolved: false, failure: String(describing: error))
            }
        }
        var resolved: Set<String> = []
        var failures: [AuditReport.CollectionError] = []
        for outcome in await boundedConcurrentMap(flagged, limit: concurrency, recheck) {
            if outcome.resolved { resolved.insert(outcome.user) }
            if let failure = outcome.failure {
                failures.append(.init(operation: "--fresh check of \(outcome.user)", message: failure))
            }
        }
        var updated = AuditReport(
            generatedAt: report.generatedAt, dataAsOf: report.dataAsOf, account: report.account,
            findings: report.findings.filter {
                !($0.rule == AuditRule.consoleUserMFA.id && resolved.contains($0.principal ?? ""))
            },
            errors: report.errors + failures.sorted { $0.operation < $1.operation }, users: report.summary.users,
            roles: report.summary.roles, policies: report.summary.policies)
        updated.expiredExemptions = report.expiredExemptions
        report = updated
    }
}
