import AWSClient
import Foundation
import IAMPolicy
import JSON

/// `mfaguard whoami`: who the resolved credentials belong to, and where they came from.
public struct CallerIdentityReport: Sendable, Codable {
    /// The 12-digit account id.
    public var account: String
    /// The caller's ARN (for an assumed role, the `assumed-role/…/session` ARN).
    public var arn: String
    /// `GetCallerIdentity`'s `UserId` (`AIDA…`, or `AROA…:session` for a role).
    public var userID: String
    /// The profile the configuration resolved (`--profile`, `AWS_PROFILE`, else `default`).
    public var profile: String
    /// The region requests go to.
    public var region: String
    /// Where the credentials came from, in words (`profile dev (static keys)`, `EC2 instance metadata`, …).
    public var credentialSource: String
    /// `aws`, `aws-cn` or `aws-us-gov`, from the ARN.
    public var partition: String

    enum CodingKeys: String, CodingKey {
        case account = "Account"
        case arn = "Arn"
        case userID = "UserId"
        case profile = "Profile"
        case region = "Region"
        case credentialSource = "CredentialSource"
        case partition = "Partition"
    }

    /// Calls `GetCallerIdentity` with the session's credentials.
    public static func fetch(using session: AWSSession) async throws -> CallerIdentityReport {
        let identity = try await session.sts.getCallerIdentity()
        let source = try await session.credentials.resolved().source
        let sourceText: String
        switch source {
        case .environment: sourceText = "environment"
        case .staticProfile(let profile): sourceText = "profile \(profile) (static keys)"
        case .process(let profile): sourceText = "profile \(profile) (credential_process)"
        case .assumedRole(let profile, let role): sourceText = "profile \(profile) (assumed \(role))"
        case .webIdentity(let role): sourceText = "web identity (assumed \(role))"
        case .container: sourceText = "container credentials endpoint"
        case .instanceMetadata: sourceText = "EC2 instance metadata"
        case .identityCenter(let profile, let account, let role):
            sourceText = "profile \(profile) (IAM Identity Center: role \(role) in account \(account))"
        }
        let partition = ARN(identity.arn)?.partition ?? session.client.partition.rawValue
        return CallerIdentityReport(
            account: identity.account, arn: identity.arn, userID: identity.userID, profile: session.profileName,
            region: session.region, credentialSource: sourceText, partition: partition)
    }

    /// `table` (aligned `Key  value` lines) or `json`.
    public func render(json: Bool) -> String {
        if json {
            return JSONWriter.pretty(
                .sortedObject([
                    CodingKeys.account.rawValue: .string(account), CodingKeys.arn.rawValue: .string(arn),
                    CodingKeys.userID.rawValue: .string(userID), CodingKeys.profile.rawValue: .string(profile),
                    CodingKeys.region.rawValue: .string(region),
                    CodingKeys.credentialSource.rawValue: .string(credentialSource),
                    CodingKeys.partition.rawValue: .string(partition),
                ]))
        }
        let rows = [
            ("Account", account), ("ARN", arn), ("UserId", userID), ("Profile", profile), ("Region", region),
            ("Credentials", credentialSource),
        ]
        return rows.map { $0.0.padding(toLength: 12, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    }
}
