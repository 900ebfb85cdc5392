import AWSClient
import Foundation
import Logging
import MFAGuardConsole

/// The live side of `mfaguard enforce`: reads the account and the caller, and compares audits.
public enum EnforcementRun {
    /// The audit rules whose counts apply shows before and after.
    public static let comparedRules = [
        "access-key-unguarded", "unguarded-permissions", "mfa-self-service-missing", "mfa-max-age-missing",
        "role-trust-without-mfa", "console-user-mfa",
    ]

    /// Reads the account (the audit snapshot) and the caller, and plans `request`.
    public static func plan(_ request: EnforcementRequest, session: AWSSession, logger: Logger) async throws
        -> (plan: EnforcementPlan, snapshot: AccountSnapshot)
    {
        let snapshot = try await SnapshotCollector(session: session, logger: logger).collect()
        if let error = snapshot.errors.first {
            throw MFAGuardFailure(.partial, "cannot plan on a partial snapshot: \(error.operation): \(error.message)")
        }
        let identity = try await session.sts.getCallerIdentity()
        let credentials = try await session.credentials.credentials()
        let caller = EnforcementCaller(
            arn: identity.arn, credentials: credentials.sessionToken == nil ? .longTerm : .temporary)
        return (try EnforcementPlanner.plan(request, snapshot: snapshot, caller: caller), snapshot)
    }

    /// The counts of `comparedRules` findings in two snapshots, as a small table.
    public static func compareAudits(
        before: AccountSnapshot, after: AccountSnapshot, exemptions: [Exemption], now: Date
    ) -> String {
        let old = Audit.run(before, exemptions: exemptions, now: now).summary.byRule
        let new = Audit.run(after, exemptions: exemptions, now: now).summary.byRule
        let width = comparedRules.map(\.count).max() ?? 0
        var lines = [
            "Audit findings    " + "rule".padding(toLength: width, withPad: " ", startingAt: 0) + "  before  after"
        ]
        for rule in comparedRules {
            let name = rule.padding(toLength: width, withPad: " ", startingAt: 0)
            let b = String(old[rule] ?? 0)
            let a = String(new[rule] ?? 0)
            lines.append(
                "                  \(name)  \(String(repeating: " ", count: max(0, 6 - b.count)))\(b)  \(String(repeating: " ", count: max(0, 5 - a.count)))\(a)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
