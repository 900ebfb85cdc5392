import AWSClient
import Foundation
import LocalFiles
import MFAGuardConsole

/// Everything the audit reads about one account, collected with a few bulk calls: the
/// `mfaguard.snapshot/v1` document (docs/snapshot-format.md). `mfaguard snapshot` writes it;
/// `mfaguard audit --snapshot` audits it offline with exactly the findings of an online run.
public struct AccountSnapshot: Codable, Sendable {
    /// The `schema` value this version writes and reads.
    public static let schemaID = "mfaguard.snapshot/v1"

    /// Always `schemaID` for a snapshot this version can audit.
    public var schema: String = AccountSnapshot.schemaID
    /// When the collection finished (the session environment's clock).
    public var collectedAt: Date
    /// The account that was collected, from the collector's `GetCallerIdentity`.
    public var account: AuditReport.Account
    /// The ARN that collected the snapshot.
    public var collectedBy: String
    /// `GetAccountSummary`.
    public var accountSummary: [String: Int]
    /// `GenerateCredentialReport` + `GetCredentialReport`; `nil` when it could not be read.
    public var credentialReport: CredentialReport?
    /// `ListVirtualMFADevices` (assigned and unassigned).
    public var virtualMFADevices: [VirtualMFADevice]
    /// `ListMFADevices`, only for users whose MFA is active without a virtual device (hardware, FIDO).
    public var mfaDevices: [String: [MFADevice]]
    /// `GetAccountAuthorizationDetails`: users, groups, roles and managed policies with documents.
    public var authorization: AuthorizationDetails
    /// What could not be collected; a snapshot with errors gives a partial audit.
    public var errors: [AuditReport.CollectionError]
    /// HTTP requests the collection sent (retries included).
    public var requestsSent: Int?

    /// A snapshot of what was collected; `errors` lists what was not.
    public init(
        collectedAt: Date, account: AuditReport.Account, collectedBy: String, accountSummary: [String: Int],
        credentialReport: CredentialReport?, virtualMFADevices: [VirtualMFADevice], mfaDevices: [String: [MFADevice]],
        authorization: AuthorizationDetails, errors: [AuditReport.CollectionError], requestsSent: Int?
    ) {
        self.collectedAt = collectedAt
        self.account = account
        self.collectedBy = collectedBy
        self.accountSummary = accountSummary
        self.credentialReport = credentialReport
        self.virtualMFADevices = virtualMFADevices
        self.mfaDevices = mfaDevices
        self.authorization = authorization
        self.errors = errors
        self.requestsSent = requestsSent
    }

    /// The snapshot as JSON (sorted keys, ISO 8601 dates).
    public func encoded() throws -> Data {
        try CodableJSON.encoder().encode(self)
    }

    /// The most a snapshot file may hold (a 5,000-user account takes a few tens of MiB).
    static let sizeLimit = 512 << 20

    /// Reads a snapshot file; a file that is not a `mfaguard.snapshot/v1` document is an input error.
    public static func load(from path: String) throws -> AccountSnapshot {
        let data: Data
        do { data = Data(try FileReader.contents(of: path, limit: sizeLimit, accepting: .streams)) } catch {
            throw MFAGuardFailure(error)
        }
        let decoder = CodableJSON.decoder()
        struct Header: Decodable { var schema: String? }
        guard let header = try? decoder.decode(Header.self, from: data) else {
            throw MFAGuardFailure(.input, "\(path) is not JSON")
        }
        guard header.schema == schemaID else {
            throw MFAGuardFailure(
                .input,
                "\(path) is not an mfaguard snapshot (schema '\(header.schema ?? "none")', expected \(schemaID))")
        }
        do {
            return try decoder.decode(AccountSnapshot.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw MFAGuardFailure(.input, "\(path): missing '\(key.stringValue)' at \(Self.path(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw MFAGuardFailure(.input, "\(path): wrong type at \(Self.path(context))")
        } catch {
            throw MFAGuardFailure(.input, "\(path): \(error)")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
