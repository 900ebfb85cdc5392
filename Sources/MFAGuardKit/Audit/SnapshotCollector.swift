import AWSClient
import Foundation
import IAMPolicy
import Logging
import MFAGuardConsole

/// Collects an `AccountSnapshot` with the bulk calls (DESIGN.md, "Audit rules"): a 5,000-user account
/// costs a few dozen requests, not one per user. A call that fails after retries is recorded in
/// `errors` and the rest goes on, so the audit can say exactly what is missing.
public struct SnapshotCollector: Sendable {
    /// The credentials and region collected with.
    public let session: AWSSession
    /// Progress and retried calls are logged here (to standard error).
    public let logger: Logger
    /// How long to wait for `GenerateCredentialReport` to finish before giving up.
    public var reportTimeout: TimeInterval = 300
    /// Concurrency of the per-user `ListMFADevices` calls.
    public var perUserConcurrency = 4

    /// A collector with the default timeout (300 s) and per-user concurrency (4).
    public init(session: AWSSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    /// Throws only when `GetCallerIdentity` fails; other failed calls become the snapshot's `errors`.
    public func collect() async throws -> AccountSnapshot {
        // Credentials and the account come first: without them nothing else can work.
        let identity = try await session.sts.getCallerIdentity()
        let partition = ARN(identity.arn)?.partition ?? session.client.partition.rawValue
        let iam = session.iam
        let logger = self.logger
        let reportTimeout = self.reportTimeout

        async let summary = Self.attempt("GetAccountSummary") { try await iam.getAccountSummary() }
        async let report = Self.attempt("GenerateCredentialReport/GetCredentialReport") {
            try await Self.credentialReport(iam: iam, timeout: reportTimeout, logger: logger)
        }
        async let virtualDevices = Self.attempt("ListVirtualMFADevices") {
            try await iam.listVirtualMFADevices().collect()
        }
        async let authorization = Self.attempt("GetAccountAuthorizationDetails") {
            try await iam.getAccountAuthorizationDetails()
        }
        let (summaryResult, reportResult, devicesResult, authorizationResult) = await (
            summary, report, virtualDevices, authorization
        )
        var errors = [summaryResult.error, reportResult.error, devicesResult.error, authorizationResult.error]
            .compactMap { $0 }

        // Users with MFA on but no virtual device hold a hardware TOTP token or a FIDO key: ask for those only.
        var mfaDevices: [String: [MFADevice]] = [:]
        if let rows = reportResult.value?.rows, let devices = devicesResult.value {
            let virtualOwners = Set(devices.compactMap(\.userName))
            let users = rows.filter { !$0.isRoot && $0.mfaActive && !virtualOwners.contains($0.user) }.map(\.user)
            let (found, failures) = await listMFADevices(users)
            mfaDevices = found
            errors += failures
        }
        return AccountSnapshot(
            collectedAt: session.environment.now(), account: .init(id: identity.account, partition: partition),
            collectedBy: identity.arn, accountSummary: summaryResult.value ?? [:], credentialReport: reportResult.value,
            virtualMFADevices: devicesResult.value ?? [], mfaDevices: mfaDevices,
            authorization: authorizationResult.value ?? AuthorizationDetails(), errors: errors,
            requestsSent: session.client.requestsSent)
    }

    /// `GenerateCredentialReport` until it is complete (exponential backoff, never a busy loop), then
    /// `GetCredentialReport`.
    static func credentialReport(iam: IAM, timeout: TimeInterval, logger: Logger) async throws -> CredentialReport {
        let start = ContinuousClock.now
        var delay = 0.25
        while true {
            let state = try await iam.generateCredentialReport()
            if state == "COMPLETE" { break }
            let elapsed = start.duration(to: .now)
            guard elapsed < .seconds(timeout) else {
                throw MFAGuardFailure(.aws, "the credential report was not ready after \(Int(timeout)) s")
            }
            logger.debug("credential report \(state); checking again in \(delay) s")
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            delay = min(delay * 2, 8)
        }
        let content = try await iam.getCredentialReport()
        return try CredentialReport(csv: content.csv, generatedAt: content.generatedTime)
    }

    /// One user's `ListMFADevices` answer, or why there is none.
    struct UserDevices: Sendable {
        var user: String
        var devices: [MFADevice]?
        var failure: String?
    }

    private func listMFADevices(_ users: [String]) async -> ([String: [MFADevice]], [AuditReport.CollectionError]) {
        let iam = session.iam
        @Sendable func fetch(_ user: String) async -> UserDevices {
            do {
                return UserDevices(user: user, devices: try await iam.listMFADevices(user), failure: nil)
            } catch {
                return UserDevices(user: user, devices: nil, failure: Self.describe(error))
            }
        }
        var found: [String: [MFADevice]] = [:]
        var failures: [AuditReport.CollectionError] = []
        for outcome in await boundedConcurrentMap(users, limit: perUserConcurrency, fetch) {
            if let devices = outcome.devices { found[outcome.user] = devices }
            if let failure = outcome.failure {
                failures.append(.init(operation: "ListMFADevices \(outcome.user)", message: failure))
            }
        }
        return (found, failures.sorted { $0.operation < $1.operation })
    }

    /// An error as the report records it: one line, whatever the server put in it (it reaches tables,
    /// HTML and monitoring systems as well as the terminal).
    static func describe(_ error: any Error) -> String {
        TerminalText.sanitized(String(describing: error), limit: 4 * TerminalText.messageLimit)
    }

    struct Attempt<Value: Sendable>: Sendable {
        var value: Value?
        var error: AuditReport.CollectionError?
    }

    static func attempt<Value: Sendable>(_ operation: String, _ body: @Sendable () async throws -> Value) async
        -> Attempt<Value>
    {
        do {
            return Attempt(value: try await body(), error: nil)
        } catch {
            return Attempt(value: nil, error: .init(operation: operation, message: Self.describe(error)))
        }
    }
}
