import Foundation

/// The result of an audit: the `mfaguard.report/v1` document (schema in docs/report.schema.json).
public struct AuditReport: Codable, Sendable {
    /// The `schema` value of this version's reports.
    public static let schemaID = "mfaguard.report/v1"

    /// The audited account (for `--organization`, the management account).
    public struct Account: Codable, Sendable, Hashable {
        /// The 12-digit account id.
        public var id: String
        /// `aws`, `aws-cn` or `aws-us-gov`, from the caller's ARN.
        public var partition: String
        /// An account by id and partition.
        public init(id: String, partition: String) {
            self.id = id
            self.partition = partition
        }
    }

    /// Counts of findings; exempted findings are counted apart and are not in the other counts.
    public struct Summary: Codable, Sendable, Hashable {
        /// Findings not exempted.
        public var total: Int
        /// Findings an exemption covers.
        public var exempted: Int
        /// Non-exempted findings per severity name; every severity present, zero included.
        public var bySeverity: [String: Int]
        /// Non-exempted findings per rule id; every rule of `AuditRule.all` present, zero included.
        public var byRule: [String: Int]
        /// Principals examined, so a report with no findings still says what it looked at.
        public var users: Int
        /// Roles examined.
        public var roles: Int
        /// Managed policies examined.
        public var policies: Int
    }

    /// Something that could not be collected; any such entry makes the run partial (exit 4).
    public struct CollectionError: Codable, Sendable, Hashable {
        /// The AWS operation (or step) that failed; prefixed with the account in an organization audit.
        public var operation: String
        /// What went wrong, as the error said it.
        public var message: String
        /// An entry for `operation` failing with `message`.
        public init(operation: String, message: String) {
            self.operation = operation
            self.message = message
        }
    }

    /// Always `schemaID`.
    public var schema: String = AuditReport.schemaID
    /// When the audit ran.
    public var generatedAt: Date
    /// When the credential report's data was generated (it can be up to 4 hours old).
    public var dataAsOf: Date?
    /// Whose report this is (for `--organization`, the management account).
    public var account: Account
    /// Counts computed from `findings` at init.
    public var summary: Summary
    /// Every finding, exempted ones included (marked by `exemption`).
    public var findings: [Finding]
    /// What could not be collected; non-empty makes the run partial (exit 4).
    public var errors: [CollectionError]
    /// Exemptions whose `expires` has passed: they no longer apply, and the report says so.
    public var expiredExemptions: [Exemption] = []
    /// The member accounts of an organization-wide audit (`audit --organization`), nil otherwise.
    public var accounts: [AuditedAccount]?

    /// One account of an organization-wide audit, and how its audit went.
    public struct AuditedAccount: Codable, Sendable, Hashable {
        /// How far one member account's audit got.
        public enum Status: String, Codable, Sendable {
            /// Everything was collected.
            case audited
            /// Some data could not be collected (see the report's errors).
            case partial
            /// Nothing could be collected (the role could not be assumed, for example).
            case failed
        }
        /// The 12-digit account id.
        public var id: String
        /// The account's name in Organizations.
        public var name: String
        /// Whether its data was collected fully, partly or not at all.
        public var status: Status
        /// Findings in this account, exempted ones excluded.
        public var findings: Int

        /// One member account's outcome.
        public init(id: String, name: String, status: Status, findings: Int) {
            self.id = id
            self.name = name
            self.status = status
            self.findings = findings
        }
    }

    /// A report of `findings`, with the summary counted from them (exempted findings apart).
    public init(
        generatedAt: Date, dataAsOf: Date?, account: Account, findings: [Finding],
        errors: [CollectionError], users: Int, roles: Int, policies: Int
    ) {
        self.generatedAt = generatedAt
        self.dataAsOf = dataAsOf
        self.account = account
        self.findings = findings
        self.errors = errors
        var bySeverity = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, 0) })
        var byRule = Dictionary(uniqueKeysWithValues: AuditRule.all.map { ($0.id, 0) })
        var exempted = 0
        for finding in findings {
            if finding.isExempted {
                exempted += 1
                continue
            }
            bySeverity[finding.severity.rawValue, default: 0] += 1
            byRule[finding.rule, default: 0] += 1
        }
        self.summary = Summary(
            total: findings.count - exempted, exempted: exempted, bySeverity: bySeverity, byRule: byRule,
            users: users, roles: roles, policies: policies)
    }

    /// Findings that count for the exit code: not exempted, at or above `threshold`.
    public func failing(at threshold: Severity) -> [Finding] {
        findings.filter { !$0.isExempted && $0.severity >= threshold }
    }

    /// True when some data could not be collected.
    public var isPartial: Bool { !errors.isEmpty }
}
