import AWSClient
import AWSConfigFiles
import Foundation
import MFAGuardConsole

/// The record of what `mfaguard enforce apply` changed (`mfaguard.enforce-journal/v2`). Write-ahead: the
/// intent of each step is written and synced before its AWS call, the outcome after, so that a crash at
/// any point leaves a journal `mfaguard enforce rollback` can use.
public struct EnforcementJournal: Codable, Sendable {
    /// The value of `schema` in the journals this version writes.
    public static let schemaID = "mfaguard.enforce-journal/v2"
    /// Journals of earlier versions (no run id, no partition, no recorded ids) are still read; rollback then
    /// leaves alone what it cannot prove it created.
    static let readableSchemas: Set<String> = ["mfaguard.enforce-journal/v1", schemaID]
    /// The tag key on every policy and role enforce creates; its value is the journal's `runID`.
    public static let tagKey = "mfaguard:enforcement"

    /// What is known about one step.
    public enum Status: String, Codable, Sendable {
        /// Intent recorded, outcome not: the process stopped around the AWS call, which may have been made.
        case pending
        /// AWS confirmed the change.
        case done
        /// AWS refused it: nothing changed.
        case failed
        /// The connection broke after the request may have been sent: the change may or may not be made.
        case unknown
    }

    /// One step as journalled: written `pending` before the AWS call, updated with its outcome after.
    public struct Entry: Codable, Sendable {
        /// When the intent was recorded (the AWS call follows).
        public var at: Date
        /// The step as executed; a new version's missing policy id is filled in from `GetPolicy` first.
        public var step: EnforcementStep
        /// `pending` until the AWS call returns; `unknown` when the connection broke, `failed` when AWS refused.
        public var status: Status
        /// AWS's request id of the call, also of a refused one; nil when no answer came.
        public var requestID: String?
        /// For a new policy version: the version AWS created.
        public var createdVersionID: String?
        /// The id AWS gave what the step created (`PolicyId`, `GroupId`, `RoleId`).
        public var createdID: String?
        /// The error the call threw, described; nil while `pending` or `done`.
        public var error: String?
        /// When rollback undid (or found undone) this entry.
        public var undoneAt: Date?
        /// AWS's request ids of the calls rollback made to undo this entry.
        public var undoRequestIDs: [String]?

        /// An entry without created ids or undo record; `apply` fills those in as the call returns.
        public init(
            at: Date, step: EnforcementStep, status: Status, requestID: String? = nil, createdVersionID: String? = nil,
            error: String? = nil
        ) {
            self.at = at
            self.step = step
            self.status = status
            self.requestID = requestID
            self.createdVersionID = createdVersionID
            self.error = error
        }
    }

    /// The document's schema id: `schemaID`, or `mfaguard.enforce-journal/v1` for an older journal.
    public var schema = EnforcementJournal.schemaID
    /// This run's id, the value of the `mfaguard:enforcement` tag on what it creates.
    public var runID: String?
    /// When `apply` started, before the first step.
    public var startedAt: Date
    /// The account, its partition and the caller (`GetCallerIdentity`) the journal was written with.
    public var account: String
    /// The partition (`aws`, `aws-cn`, …); nil in v1 journals, which rollback then checks by account only.
    public var partition: String?
    /// The caller's ARN when the journal was written.
    public var caller: String
    /// The enforcement group of the plan applied.
    public var group: String
    /// The changing steps attempted, in order; those after the first failure are absent.
    public var entries: [Entry] = []

    /// An empty journal; `partition` and `runID` are nil only in journals read from v1.
    public init(
        startedAt: Date, account: String, caller: String, group: String, partition: String? = nil,
        runID: String? = nil
    ) {
        self.startedAt = startedAt
        self.account = account
        self.caller = caller
        self.group = group
        self.partition = partition
        self.runID = runID
    }

    /// Refuses (exit 2) a caller of another account or partition than the journal's: its names would hit
    /// that account's entities of the same name.
    public func checkCaller(account callerAccount: String, partition callerPartition: String, arn: String, path: String)
        throws
    {
        guard callerAccount == account, partition.map({ $0 == callerPartition }) ?? true else {
            throw MFAGuardFailure(
                .input,
                "refusing to roll back: journal \(path) was written in account \(account)"
                    + "\(partition.map { " (\($0))" } ?? "") by \(caller), but the credentials are of account "
                    + "\(callerAccount) (\(callerPartition)) (\(arn)); use credentials of account \(account)")
        }
    }

    /// Writes the journal to `path` atomically (mode 0600, directories 0700).
    public func save(to path: String) throws {
        do {
            try AtomicFile.write(
                Data(try CodableJSON.pretty(self).utf8), to: path, newFileMode: 0o600, mode: 0o600)
        } catch let error as AtomicFile.WriteError {
            throw MFAGuardFailure(.input, "cannot write the journal \(path): \(error.description)")
        }
    }

    /// Reads a journal; a file that is not a `mfaguard.enforce-journal` document is an input error.
    public static func load(from path: String) throws -> EnforcementJournal {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MFAGuardFailure(.input, "cannot read journal \(path)")
        }
        guard let journal = try? CodableJSON.decoder().decode(EnforcementJournal.self, from: data),
            readableSchemas.contains(journal.schema)
        else {
            throw MFAGuardFailure(.input, "\(path) is not an mfaguard enforcement journal (\(schemaID))")
        }
        return journal
    }

    /// mfaguard's state directory: `$XDG_STATE_HOME/mfaguard`, else `~/.local/state/mfaguard`.
    public static func stateDirectory(environment: [String: String], home: String) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/mfaguard" }
        return home + "/.local/state/mfaguard"
    }

    /// A new journal path in `directory`, named after the time: `enforce-20261123T201500Z.json`.
    public static func defaultPath(directory: String, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return directory + "/enforce-\(formatter.string(from: now)).json"
    }

    /// The AWS CLI commands that undo the entries that may have changed something, last change first.
    public var undoCommands: [String] {
        entries.reversed().filter { $0.status != .failed && $0.undoneAt == nil }.flatMap { Self.undoCommands($0) }
    }

    static func undoCommands(_ entry: Entry) -> [String] {
        let step = entry.step
        let arn = step.policyARN ?? ""
        switch step.kind {
        case .createPolicy: return ["aws iam delete-policy --policy-arn \(arn)"]
        case .createPolicyVersion:
            return [
                "aws iam set-default-policy-version --policy-arn \(arn) --version-id \(step.previousDefaultVersion ?? "PREVIOUS")",
                "aws iam delete-policy-version --policy-arn \(arn) --version-id \(entry.createdVersionID ?? "NEW")",
            ]
        case .createGroup: return ["aws iam delete-group --group-name \(step.group ?? "")"]
        case .attachGroupPolicy:
            return ["aws iam detach-group-policy --group-name \(step.group ?? "") --policy-arn \(arn)"]
        case .addUserToGroup:
            return ["aws iam remove-user-from-group --group-name \(step.group ?? "") --user-name \(step.user ?? "")"]
        case .createRole: return ["aws iam delete-role --role-name \(step.role ?? "")"]
        case .attachRolePolicy: return ["aws iam detach-role-policy --role-name \(step.role ?? "") --policy-arn \(arn)"]
        }
    }
}
