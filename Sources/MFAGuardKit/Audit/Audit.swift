import AWSClient
import Foundation

/// The audit: rules over an account snapshot, exemptions applied, one report.
public enum Audit {
    /// Runs every rule on `snapshot`. The result depends only on the snapshot, the exemptions and
    /// `now` (for exemption expiry), so an offline audit of a saved snapshot gives the same findings.
    public static func run(_ snapshot: AccountSnapshot, exemptions: [Exemption] = [], now: Date) -> AuditReport {
        let context = AuditContext(snapshot)
        var findings: [Finding] = []
        findings += AccountRules.rootMFA(context)
        findings += AccountRules.rootHardwareMFA(context)
        findings += AccountRules.consoleUserMFA(context)
        findings += PolicyRules.accessKeyUnguarded(context)
        findings += PolicyRules.unguardedPermissions(context)
        findings += PolicyRules.roleTrustWithoutMFA(context)
        findings += PolicyRules.mfaSelfServiceMissing(context)
        findings += PolicyRules.mfaMaxAgeMissing(context)
        findings += PolicyRules.policyMFAPitfall(context)
        findings += AccountRules.orphanVirtualMFA(context)
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
        await withTaskGroup(of: Recheck.self) { group in
            var next = flagged.makeIterator()
            for _ in 0..<max(1, concurrency) {
                guard let user = next.next() else { break }
                group.addTask { await recheck(user) }
            }
            while let outcome = await group.next() {
                if outcome.resolved { resolved.insert(outcome.user) }
                if let failure = outcome.failure {
                    failures.append(.init(operation: "--fresh check of \(outcome.user)", message: failure))
                }
                if let user = next.next() { group.addTask { await recheck(user) } }
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
