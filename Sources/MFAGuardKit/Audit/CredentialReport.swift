import Foundation
import MFAGuardConsole

/// The IAM credential report: one row per user and one for the root user (`<root_account>`), with
/// password, MFA and access-key state. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
public struct CredentialReport: Codable, Sendable, Hashable {
    /// One line of the report, with the columns the audit reads (the others are kept in `extra`).
    public struct Row: Codable, Sendable, Hashable {
        /// The user name; `<root_account>` for the root user.
        public var user: String
        /// The user's ARN (the root row's is `arn:<partition>:iam::<account>:root`).
        public var arn: String
        /// `true`, `false` or `not_supported` (the root row).
        public var passwordEnabled: String
        /// An ISO 8601 date-time, or `N/A`/`no_information` as AWS writes them.
        public var passwordLastUsed: String
        /// `mfa_active`: the user has at least one MFA device enabled.
        public var mfaActive: Bool
        /// `access_key_1_active`.
        public var accessKey1Active: Bool
        /// `access_key_2_active`.
        public var accessKey2Active: Bool
        /// `access_key_1_last_used_date`: an ISO 8601 date-time, or `N/A`.
        public var accessKey1LastUsed: String
        /// `access_key_2_last_used_date`: an ISO 8601 date-time, or `N/A`.
        public var accessKey2LastUsed: String

        /// The root user's row.
        public var isRoot: Bool { user == "<root_account>" }
        /// A console password is set (`nil` when the report cannot say, as for the root user).
        public var hasPassword: Bool? {
            switch passwordEnabled {
            case "true": true
            case "false": false
            default: nil
            }
        }
        /// Either access key is active.
        public var hasActiveAccessKey: Bool { accessKey1Active || accessKey2Active }
    }

    /// When AWS generated the report (it may be up to 4 hours old).
    public var generatedAt: Date?
    /// In the report's order; the root row included.
    public var rows: [Row]

    /// A report of already parsed rows (snapshots and tests).
    public init(generatedAt: Date?, rows: [Row]) {
        self.generatedAt = generatedAt
        self.rows = rows
    }

    /// Parses the report's CSV (RFC 4180; AWS quotes nothing, but quoted fields are accepted).
    public init(csv: String, generatedAt: Date?) throws {
        self.generatedAt = generatedAt
        let records = Self.records(csv)
        guard let header = records.first else {
            rows = []
            return
        }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() { column[name] = index }
        for required in ["user", "arn", "password_enabled", "mfa_active"] where column[required] == nil {
            throw MFAGuardFailure(.aws, "the credential report has no '\(required)' column")
        }
        func field(_ record: [String], _ name: String) -> String {
            guard let index = column[name], index < record.count else { return "" }
            return record[index]
        }
        rows = records.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { record in
            Row(
                user: field(record, "user"), arn: field(record, "arn"),
                passwordEnabled: field(record, "password_enabled"),
                passwordLastUsed: field(record, "password_last_used"),
                mfaActive: field(record, "mfa_active") == "true",
                accessKey1Active: field(record, "access_key_1_active") == "true",
                accessKey2Active: field(record, "access_key_2_active") == "true",
                accessKey1LastUsed: field(record, "access_key_1_last_used_date"),
                accessKey2LastUsed: field(record, "access_key_2_last_used_date"))
        }
    }

    /// The root user's row, if the report has one.
    public var root: Row? { rows.first { $0.isRoot } }

    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
