import AWSSigning
import Foundation

/// Members follow the IAM API reference (botocore `iam/2010-05-08/service-2.json`); names in Swift case.
public enum IAMTypes {}

/// A policy attached by ARN (`AttachedPolicy`).
public struct AttachedPolicy: Sendable, Codable, Hashable {
    public var policyName: String
    public var policyARN: String
    public init(policyName: String, policyARN: String) {
        self.policyName = policyName
        self.policyARN = policyARN
    }
}

/// An inline policy with its (URL-decoded) document (`PolicyDetail`).
public struct InlinePolicy: Sendable, Codable, Hashable {
    public var policyName: String
    public var document: String
    public init(policyName: String, document: String) {
        self.policyName = policyName
        self.document = document
    }
}

/// An IAM user (`User`).
public struct IAMUser: Sendable, Codable, Hashable {
    public var userName: String
    public var userID: String
    public var arn: String
    public var path: String
    public var createDate: Date?
    public var passwordLastUsed: Date?
}

/// A user as `GetAccountAuthorizationDetails` describes it (`UserDetail`).
public struct UserDetail: Sendable, Codable, Hashable {
    public var userName: String
    public var userID: String
    public var arn: String
    public var path: String
    public var createDate: Date?
    public var groups: [String]
    public var inlinePolicies: [InlinePolicy]
    public var attachedPolicies: [AttachedPolicy]
    public var permissionsBoundaryARN: String?
    public var tags: [String: String]
}

/// A group with its policies (`GroupDetail`).
public struct GroupDetail: Sendable, Codable, Hashable {
    public var groupName: String
    public var groupID: String
    public var arn: String
    public var path: String
    public var inlinePolicies: [InlinePolicy]
    public var attachedPolicies: [AttachedPolicy]
}

/// A role with its trust and permission policies (`RoleDetail`).
public struct RoleDetail: Sendable, Codable, Hashable {
    public var roleName: String
    public var roleID: String
    public var arn: String
    public var path: String
    public var assumeRolePolicyDocument: String
    public var inlinePolicies: [InlinePolicy]
    public var attachedPolicies: [AttachedPolicy]
    public var permissionsBoundaryARN: String?
    public var tags: [String: String]
}

/// One version of a managed policy.
public struct PolicyVersion: Sendable, Codable, Hashable {
    public var versionID: String
    public var isDefaultVersion: Bool
    public var document: String?
    public var createDate: Date?
}

/// A managed policy with its versions (`ManagedPolicyDetail`, `Policy`).
public struct ManagedPolicyDetail: Sendable, Codable, Hashable {
    public var policyName: String
    public var policyID: String
    public var arn: String
    public var path: String
    public var defaultVersionID: String
    public var attachmentCount: Int
    public var versions: [PolicyVersion]

    /// The document of the default version.
    public var defaultDocument: String? {
        versions.first { $0.isDefaultVersion }?.document
            ?? versions.first { $0.versionID == defaultVersionID }?.document
    }
}

/// One page of `GetAccountAuthorizationDetails`.
public struct AuthorizationDetails: Sendable, Codable {
    public var users: [UserDetail] = []
    public var groups: [GroupDetail] = []
    public var roles: [RoleDetail] = []
    public var policies: [ManagedPolicyDetail] = []
    public init() {}
}

/// An MFA device assigned to a user (`MFADevice`).
public struct MFADevice: Sendable, Codable, Hashable {
    public var userName: String
    public var serialNumber: String
    public var enableDate: Date?
}

/// A virtual MFA device, assigned or not (`VirtualMFADevice`).
public struct VirtualMFADevice: Sendable, Codable, Hashable {
    public var serialNumber: String
    public var enableDate: Date?
    public var userName: String?
    public var userARN: String?
}

/// A new virtual MFA device with its seed (`CreateVirtualMFADevice`). The seed is secret.
public struct CreatedVirtualMFADevice: Sendable {
    public var serialNumber: String
    /// The Base32 seed as text (AWS sends it base64-encoded).
    public var base32Seed: String
}

/// An access key's metadata (`AccessKeyMetadata`).
public struct AccessKeyMetadata: Sendable, Codable, Hashable {
    public var userName: String
    public var accessKeyID: String
    public var status: String
    public var createDate: Date?
}

/// A new access key (`CreateAccessKey`); the secret is shown once.
public struct CreatedAccessKey: Sendable {
    public var credentials: AWSCredentials
    public var userName: String
}

/// An IAM group (`Group`).
public struct IAMGroup: Sendable, Codable, Hashable {
    public var groupName: String
    public var groupID: String
    public var arn: String
    public var createDate: Date? = nil
}

/// An IAM role (`Role`).
public struct IAMRole: Sendable, Codable, Hashable {
    public var roleName: String
    public var roleID: String
    public var arn: String
    public var assumeRolePolicyDocument: String
    public var maxSessionDuration: Int?
}

/// The credential report (`GetCredentialReport`): CSV text and when it was generated.
public struct CredentialReportContent: Sendable {
    public var csv: String
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
