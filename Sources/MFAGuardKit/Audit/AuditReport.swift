import Foundation

/// The result of an audit: the `mfaguard.report/v1` document (schema in docs/report.schema.json).
public struct AuditReport: Codable, Sendable {
    public static let schemaID = "mfaguard.report/v1"

    public struct Account: Codable, Sendable, Hashable {
        public var id: String
        public var partition: String
        public init(id: String, partition: String) {
            self.id = id
            self.partition = partition
        }
    }

    /// Counts of findings; exempted findings are counted apart and are not in the other counts.
    public struct Summary: Codable, Sendable, Hashable {
        public var total: Int
        public var exempted: Int
        public var bySeverity: [String: Int]
        public var byRule: [String: Int]
        /// Principals examined, so a report with no findings still says what it looked at.
        public var users: Int
        public var roles: Int
        public var policies: Int
    }

    /// Something that could not be collected; any such entry makes the run partial (exit 4).
    public struct CollectionError: Codable, Sendable, Hashable {
        public var operation: String
        public var message: String
        public init(operation: String, message: String) {
            self.operation = operation
            self.message = message
        }
    }

    public var schema: String = AuditReport.schemaID
    public var generatedAt: Date
    /// When the credential report's data was generated (it can be up to 4 hours old).
    public var dataAsOf: Date?
    public var account: Account
    public var summary: Summary
    public var findings: [Finding]
    public var errors: [CollectionError]
    /// Exemptions whose `expires` has passed: they no longer apply, and the report says so.
    public var expiredExemptions: [Exemption] = []
    /// The member accounts of an organization-wide audit (`audit --organization`), nil otherwise.
    public var accounts: [AuditedAccount]?

    /// One account of an organization-wide audit, and how its audit went.
    public struct AuditedAccount: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable {
            /// Everything was collected.
            case audited
            /// Some data could not be collected (see the report's errors).
            case partial
            /// Nothing could be collected (the role could not be assumed, for example).
            case failed
        }
        public var id: String
        public var name: String
        public var status: Status
        /// Findings in this account, exempted ones excluded.
        public var findings: Int

        public init(id: String, name: String, status: Status, findings: Int) {
            self.id = id
            self.name = name
            self.status = status
            self.findings = findings
        }
    }

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
