import AWSClient
import Foundation
import IAMPolicy
import Logging
import MFAGuardConsole

/// `mfaguard audit --organization --role NAME`: every active account of the organization, audited
/// through a role of that name in each member account (the management account itself with the
/// caller's own credentials), merged into one report.
///
/// The merged report's `account` is the management account; each finding names its resource by ARN,
/// which holds the account id; `accounts` lists every account with its outcome. An account that
/// cannot be audited (the role cannot be assumed, a call is denied) is an error of the report — the
/// run is partial (exit 4) — and the other accounts are audited all the same.
public enum OrganizationAudit {
    /// How the organization-wide audit reaches and paces the member accounts.
    public struct Options: Sendable {
        /// The role to assume in each member account (not a path: `OrganizationAccountAccessRole`, or a
        /// read-only audit role deployed with StackSets).
        public var roleName: String
        /// Accounts audited at the same time.
        public var concurrency: Int
        /// Re-check flagged console users (`--fresh`).
        public var fresh: Bool

        /// Defaults: 4 accounts at a time, no re-check.
        public init(roleName: String, concurrency: Int = 4, fresh: Bool = false) {
            self.roleName = roleName
            self.concurrency = concurrency
            self.fresh = fresh
        }
    }

    /// What one account's audit gave.
    struct Outcome: Sendable {
        var account: Organizations.Account
        var result: Result<AuditReport, MFAGuardFailure>
    }

    /// Audits every active account; throws only when the caller or the active accounts cannot be read.
    public static func run(
        session: AWSSession, options: Options, exemptions: [Exemption], logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> AuditReport {
        let identity = try await session.sts.getCallerIdentity()
        let partition = ARN(identity.arn)?.partition ?? session.client.partition.rawValue
        var accounts: [Organizations.Account] = []
        for try await account in session.organizations.listAccounts() where account.status == "ACTIVE" {
            accounts.append(account)
        }
        // The management account is always a member: an empty list means the caller is not where they think.
        guard !accounts.isEmpty else {
            throw MFAGuardFailure(
                .aws,
                "Organizations lists no active account for \(identity.account): run --organization with the "
                    + "management account's (or a delegated administrator's) credentials")
        }
        logger.info("auditing \(accounts.count) active accounts of the organization")

        // In the order Organizations listed the accounts, whichever finished first.
        let outcomes = await boundedConcurrentMap(accounts, limit: options.concurrency) { account in
            let member =
                account.id == identity.account
                ? session
                : session.assumingRole(
                    "arn:\(partition):iam::\(account.id):role/\(options.roleName)", sessionName: "mfaguard-audit")
            return Outcome(
                account: account,
                result: await audit(member, exemptions: exemptions, fresh: options.fresh, logger: logger, now: now))
        }
        return merge(
            outcomes, management: AuditReport.Account(id: identity.account, partition: partition),
            roleName: options.roleName, now: now())
    }

    /// One member account through `Audit.live`, its failure kept as a value so the others go on.
    private static func audit(
        _ session: AWSSession, exemptions: [Exemption], fresh: Bool, logger: Logger, now: @Sendable () -> Date
    ) async -> Result<AuditReport, MFAGuardFailure> {
        do {
            return .success(
                try await Audit.live(session, exemptions: exemptions, fresh: fresh, logger: logger, now: now))
        } catch {
            return .failure(MFAGuardFailure(wrapping: error) ?? MFAGuardFailure(.aws, "\(error)"))
        }
    }

    static func merge(
        _ outcomes: [Outcome], management: AuditReport.Account, roleName: String, now: Date
    ) -> AuditReport {
        var findings: [Finding] = []
        var errors: [AuditReport.CollectionError] = []
        var audited: [AuditReport.AuditedAccount] = []
        var expired: [Exemption] = []
        var users = 0
        var roles = 0
        var policies = 0
        var dataAsOf: Date?
        for outcome in outcomes {
            let label = "account \(outcome.account.id) (\(outcome.account.name))"
            switch outcome.result {
            case .success(let report):
                findings += report.findings
                errors += report.errors.map { .init(operation: "\(label): \($0.operation)", message: $0.message) }
                users += report.summary.users
                roles += report.summary.roles
                policies += report.summary.policies
                if let asOf = report.dataAsOf { dataAsOf = min(dataAsOf ?? asOf, asOf) }
                for exemption in report.expiredExemptions where !expired.contains(exemption) {
                    expired.append(exemption)
                }
                audited.append(
                    .init(
                        id: outcome.account.id, name: outcome.account.name,
                        status: report.isPartial ? .partial : .audited, findings: report.summary.total))
            case .failure(let failure):
                let how =
                    outcome.account.id == management.id ? "" : " (through role \(roleName))"
                errors.append(.init(operation: "\(label)\(how)", message: failure.message))
                audited.append(.init(id: outcome.account.id, name: outcome.account.name, status: .failed, findings: 0))
            }
        }
        var report = AuditReport(
            generatedAt: now, dataAsOf: dataAsOf, account: management, findings: findings, errors: errors,
            users: users, roles: roles, policies: policies)
        report.expiredExemptions = expired
        report.accounts = audited
        return report
    }
}
