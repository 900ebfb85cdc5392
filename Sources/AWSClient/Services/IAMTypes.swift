import AWSSigning
import Foundation

/// Members follow the IAM API reference (botocore `iam/2010-05-08/service-2.json`); names in Swift case.
public enum IAMTypes {}

/// A policy attached by ARN (`AttachedPolicy`).
public struct AttachedPolicy: Sendable, Codable, Hashable {
    /// The policy's friendly name (the last segment of its ARN for managed policies).
    public var policyName: String
    /// The managed policy's ARN (`arn:aws:iam::aws:policy/…` for AWS-managed ones).
    public var policyARN: String
    /// A reference to a managed policy.
    public init(policyName: String, policyARN: String) {
        self.policyName = policyName
        self.policyARN = policyARN
    }
}

/// An inline policy with its (URL-decoded) document (`PolicyDetail`).
public struct InlinePolicy: Sendable, Codable, Hashable {
    /// The inline policy's name, unique within its user, group or role.
    public var policyName: String
    /// The policy document as JSON text, URL-decoded from IAM's percent-encoding.
    public var document: String
    /// An inline policy from its name and decoded document.
    public init(policyName: String, document: String) {
        self.policyName = policyName
        self.document = document
    }
}

/// An IAM user (`User`).
public struct IAMUser: Sendable, Codable, Hashable {
    /// The user's friendly name (unique in the account, case-insensitively).
    public var userName: String
    /// The stable unique id (`AIDA…`); a re-created user with the same name gets a new one.
    public var userID: String
    /// The user's ARN (`arn:aws:iam::<account>:user<path><name>`).
    public var arn: String
    /// The IAM path (`/` unless the entity was created under one, e.g. `/division/`).
    public var path: String
    /// When the entity was created (UTC); `nil` if the answer lacked a parseable date.
    public var createDate: Date?
    /// Last console sign-in with the password (UTC); `nil` if never used or unknown (IAM omits it then).
    public var passwordLastUsed: Date?
}

/// A user as `GetAccountAuthorizationDetails` describes it (`UserDetail`).
public struct UserDetail: Sendable, Codable, Hashable {
    /// The user's friendly name (unique in the account, case-insensitively).
    public var userName: String
    /// The stable unique id (`AIDA…`); a re-created user with the same name gets a new one.
    public var userID: String
    /// The user's ARN.
    public var arn: String
    /// The IAM path (`/` unless the entity was created under one, e.g. `/division/`).
    public var path: String
    /// When the entity was created (UTC); `nil` if the answer lacked a parseable date.
    public var createDate: Date?
    /// Names of the groups the user belongs to.
    public var groups: [String]
    /// Inline policies embedded in the entity, with their documents.
    public var inlinePolicies: [InlinePolicy]
    /// Managed policies attached to the entity, by name and ARN.
    public var attachedPolicies: [AttachedPolicy]
    /// ARN of the permissions boundary policy; `nil` when none is set.
    public var permissionsBoundaryARN: String?
    /// Tags by key; empty when there are none.
    public var tags: [String: String]
}

/// A group with its policies (`GroupDetail`).
public struct GroupDetail: Sendable, Codable, Hashable {
    /// The group's friendly name.
    public var groupName: String
    /// The stable unique id (`AGPA…`).
    public var groupID: String
    /// The group's ARN.
    public var arn: String
    /// The IAM path (`/` unless the entity was created under one, e.g. `/division/`).
    public var path: String
    /// Inline policies embedded in the entity, with their documents.
    public var inlinePolicies: [InlinePolicy]
    /// Managed policies attached to the entity, by name and ARN.
    public var attachedPolicies: [AttachedPolicy]
}

/// A role with its trust and permission policies (`RoleDetail`).
public struct RoleDetail: Sendable, Codable, Hashable {
    /// The role's friendly name.
    public var roleName: String
    /// The stable unique id (`AROA…`).
    public var roleID: String
    /// The role's ARN.
    public var arn: String
    /// The IAM path (`/` unless the entity was created under one, e.g. `/division/`).
    public var path: String
    /// The trust policy (who may assume the role) as JSON text, URL-decoded.
    public var assumeRolePolicyDocument: String
    /// Inline policies embedded in the entity, with their documents.
    public var inlinePolicies: [InlinePolicy]
    /// Managed policies attached to the entity, by name and ARN.
    public var attachedPolicies: [AttachedPolicy]
    /// ARN of the permissions boundary policy; `nil` when none is set.
    public var permissionsBoundaryARN: String?
    /// Tags by key; empty when there are none.
    public var tags: [String: String]
}

/// One version of a managed policy.
public struct PolicyVersion: Sendable, Codable, Hashable {
    /// The version id, `v1`, `v2`, …
    public var versionID: String
    /// True for the version that is in effect.
    public var isDefaultVersion: Bool
    /// The version's JSON document, URL-decoded; `nil` when the answer did not include it.
    public var document: String?
    /// When the version was created (UTC); `nil` if not sent.
    public var createDate: Date?
}

/// A managed policy with its versions (`ManagedPolicyDetail`, `Policy`).
public struct ManagedPolicyDetail: Sendable, Codable, Hashable {
    /// The policy's friendly name (the last segment of its ARN for managed policies).
    public var policyName: String
    /// The stable unique id (`ANPA…`).
    public var policyID: String
    /// The policy's ARN (`arn:aws:iam::aws:policy/…` for AWS-managed ones).
    public var arn: String
    /// The IAM path (`/` unless the entity was created under one, e.g. `/division/`).
    public var path: String
    /// The id of the version in effect (`v1`, …); empty if not sent.
    public var defaultVersionID: String
    /// How many users, groups and roles the policy is attached to; 0 if not sent.
    public var attachmentCount: Int
    /// The versions included in the answer (all of them in account authorization details).
    public var versions: [PolicyVersion]

    /// The document of the default version.
    public var defaultDocument: String? {
        versions.first { $0.isDefaultVersion }?.document
            ?? versions.first { $0.versionID == defaultVersionID }?.document
    }
}

/// One page of `GetAccountAuthorizationDetails`.
public struct AuthorizationDetails: Sendable, Codable {
    /// The users of the page.
    public var users: [UserDetail] = []
    /// The groups of the page.
    public var groups: [GroupDetail] = []
    /// The roles of the page.
    public var roles: [RoleDetail] = []
    /// The managed policies of the page (local or AWS-managed, as the `filter` asked).
    public var policies: [ManagedPolicyDetail] = []
    /// No entities: the start when pages are merged, and the stand-in when the call failed.
    public init() {}
}

/// An MFA device assigned to a user (`MFADevice`).
public struct MFADevice: Sendable, Codable, Hashable {
    /// The user the device is assigned to.
    public var userName: String
    /// The device's serial: an ARN (`arn:aws:iam::<account>:mfa/<name>`) for virtual devices, else the hardware serial.
    public var serialNumber: String
    /// When the device was enabled for its user (UTC); `nil` if not enabled or not sent.
    public var enableDate: Date?
}

/// A virtual MFA device, assigned or not (`VirtualMFADevice`).
public struct VirtualMFADevice: Sendable, Codable, Hashable {
    /// The device's ARN (`arn:aws:iam::<account>:mfa/<name>`).
    public var serialNumber: String
    /// When the device was enabled for its user (UTC); `nil` if not enabled or not sent.
    public var enableDate: Date?
    /// The user it is assigned to; `nil` when unassigned.
    public var userName: String?
    /// The ARN of that user; `nil` when unassigned.
    public var userARN: String?
}

/// A new virtual MFA device with its seed (`CreateVirtualMFADevice`). The seed is secret.
public struct CreatedVirtualMFADevice: Sendable {
    /// The new device's ARN, the serial number to pass to `EnableMFADevice`.
    public var serialNumber: String
    /// The Base32 seed as text (AWS sends it base64-encoded).
    public var base32Seed: String
}

/// An access key's metadata (`AccessKeyMetadata`).
public struct AccessKeyMetadata: Sendable, Codable, Hashable {
    /// The user the key belongs to.
    public var userName: String
    /// The access key id (`AKIA…`); not secret.
    public var accessKeyID: String
    /// `Active` or `Inactive`, as IAM sends it.
    public var status: String
    /// When the key was created (UTC); `nil` if not sent.
    public var createDate: Date?
}

/// A new access key (`CreateAccessKey`); the secret is shown once.
public struct CreatedAccessKey: Sendable {
    /// The new key id and secret (no session token, no expiry); never printed.
    public var credentials: AWSCredentials
    /// The user the key was created for.
    public var userName: String
}

/// An IAM group (`Group`).
public struct IAMGroup: Sendable, Codable, Hashable {
    /// The group's friendly name.
    public var groupName: String
    /// The stable unique id (`AGPA…`).
    public var groupID: String
    /// The group's ARN.
    public var arn: String
    /// When the entity was created (UTC); `nil` if the answer lacked a parseable date.
    public var createDate: Date? = nil
}

/// An IAM role (`Role`).
public struct IAMRole: Sendable, Codable, Hashable {
    /// The role's friendly name.
    public var roleName: String
    /// The stable unique id (`AROA…`).
    public var roleID: String
    /// The role's ARN.
    public var arn: String
    /// The trust policy (who may assume the role) as JSON text, URL-decoded.
    public var assumeRolePolicyDocument: String
    /// Longest session, in seconds, that AssumeRole grants (3600–43200); `nil` if not sent.
    public var maxSessionDuration: Int?
}

/// The credential report (`GetCredentialReport`): CSV text and when it was generated.
public struct CredentialReportContent: Sendable {
    /// The report as CSV text (decoded from IAM's base64), header row first.
    public var csv: String
    /// When IAM generated the report (UTC); `nil` if not sent.
    public var generatedTime: Date?
}

extension XMLNode {
    var date: Date? { HTTPDate.parseISO8601(text) }
    func date(_ name: String) -> Date? { self[name].flatMap(HTTPDate.parseISO8601) }

    /// A policy document as IAM sends it: percent-encoded JSON.
    func policyDocument(_ name: String) -> String { URIEncoding.decode(self[name] ?? "") }

    /// The `AttachedPolicy` members of the list `list` (`AttachedManagedPolicies` in account details,
    /// `AttachedPolicies` in the `ListAttached…Policies` answers).
    func attachedPolicies(in list: String = "AttachedManagedPolicies") -> [AttachedPolicy] {
        members(list).map {
            AttachedPolicy(policyName: $0["PolicyName"] ?? "", policyARN: $0["PolicyArn"] ?? "")
        }
    }

    func inlinePolicies(_ list: String) -> [InlinePolicy] {
        members(list).map {
            InlinePolicy(policyName: $0["PolicyName"] ?? "", document: $0.policyDocument("PolicyDocument"))
        }
    }

    var tags: [String: String] {
        var result: [String: String] = [:]
        for tag in members("Tags") { if let key = tag["Key"] { result[key] = tag["Value"] ?? "" } }
        return result
    }

    var iamUser: IAMUser {
        IAMUser(
            userName: self["UserName"] ?? "", userID: self["UserId"] ?? "", arn: self["Arn"] ?? "",
            path: self["Path"] ?? "/", createDate: date("CreateDate"), passwordLastUsed: date("PasswordLastUsed"))
    }

    var iamRole: IAMRole {
        IAMRole(
            roleName: self["RoleName"] ?? "", roleID: self["RoleId"] ?? "", arn: self["Arn"] ?? "",
            assumeRolePolicyDocument: policyDocument("AssumeRolePolicyDocument"),
            maxSessionDuration: self["MaxSessionDuration"].flatMap { Int($0) })
    }

    var iamGroup: IAMGroup {
        IAMGroup(
            groupName: self["GroupName"] ?? "", groupID: self["GroupId"] ?? "", arn: self["Arn"] ?? "",
            createDate: date("CreateDate"))
    }

    var managedPolicy: ManagedPolicyDetail {
        let arn = self["Arn"] ?? ""
        // The name is the ARN's last path segment; some AWS-compatible endpoints (moto) leave PolicyName out.
        let name =
            self["PolicyName"].flatMap { $0.isEmpty ? nil : $0 } ?? arn.split(separator: "/").last.map(String.init)
            ?? ""
        return ManagedPolicyDetail(
            policyName: name, policyID: self["PolicyId"] ?? "", arn: arn,
            path: self["Path"] ?? "/", defaultVersionID: self["DefaultVersionId"] ?? "",
            attachmentCount: Int(self["AttachmentCount"] ?? "") ?? 0,
            versions: members("PolicyVersionList").map(\.policyVersion))
    }

    var policyVersion: PolicyVersion {
        PolicyVersion(
            versionID: self["VersionId"] ?? "", isDefaultVersion: self["IsDefaultVersion"] == "true",
            document: self["Document"].map { URIEncoding.decode($0) }, createDate: date("CreateDate"))
    }
}
