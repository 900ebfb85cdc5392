import Foundation

/// AWS Identity and Access Management, Query protocol (API version 2010-05-08): the account-reading
/// calls of the audit and the MFA device and enforcement calls.
public struct IAM: Sendable {
    /// The client the calls go through (signing, retries, endpoints).
    public let client: ServiceClient
    /// A facade over `client`; makes no request.
    public init(client: ServiceClient) { self.client = client }

    /// An IAM action's whole answer: the result element and the request id. The actions without an
    /// output shape in botocore's model answer with no result element; every other one must have it.
    func send(_ action: String, _ parameters: [(String, String)] = [], idempotent: Bool) async throws
        -> ServiceClient.QueryResponse
    {
        try await client.query(
            .iam, action, parameters, idempotent: idempotent, expectsResult: !Self.actionsWithoutOutput.contains(action)
        )
    }

    /// From botocore's `iam/2010-05-08/service-2.json`: the operations we call that have no `output`.
    static let actionsWithoutOutput: Set<String> = [
        "EnableMFADevice", "ResyncMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "DeletePolicy",
        "SetDefaultPolicyVersion", "DeletePolicyVersion", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup",
        "AttachGroupPolicy", "DetachGroupPolicy", "DeleteRole", "AttachRolePolicy", "DetachRolePolicy",
    ]

    private func call(_ action: String, _ parameters: [(String, String)] = [], idempotent: Bool) async throws
        -> XMLNode
    {
        try await send(action, parameters, idempotent: idempotent).result
    }

    /// `[(name, value)]` when there is a value, else nothing.
    static func optional(_ name: String, _ value: String?) -> [(String, String)] {
        value.map { [(name, $0)] } ?? []
    }

    // MARK: Account

    /// `GetAccountSummary`: entity counts and quotas (`Users`, `MFADevicesInUse`, `AccountMFAEnabled`, …).
    public func getAccountSummary() async throws -> [String: Int] {
        let operation = "IAM.GetAccountSummary"
        let result = try await call("GetAccountSummary", idempotent: true)
        // The summary map is what the call is for: an answer without it is not "an empty account".
        _ = try result.required("SummaryMap", in: operation)
        var summary: [String: Int] = [:]
        for (key, text) in result.map("SummaryMap") {
            // Counts and quotas: a value that is not a non-negative number is a broken answer, not zero.
            guard let value = Int(text), value >= 0 else {
                throw AWSConnectionError(
                    operation: operation, message: "the summary's \(key) is not a count", attempts: 1)
            }
            summary[key] = value
        }
        return summary
    }

    /// `GenerateCredentialReport`: returns the state (`STARTED`, `INPROGRESS`, `COMPLETE`).
    public func generateCredentialReport() async throws -> String {
        try await call("GenerateCredentialReport", idempotent: true).required(
            "State", in: "IAM.GenerateCredentialReport"
        )
        .text
    }

    /// `GetCredentialReport`: the CSV (AWS sends it base64-encoded).
    public func getCredentialReport() async throws -> CredentialReportContent {
        let result = try await call("GetCredentialReport", idempotent: true)
        let encoded = try result.required("Content", in: "IAM.GetCredentialReport").text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: encoded) else {
            throw AWSConnectionError(
                operation: "IAM.GetCredentialReport", message: "the report is not base64", attempts: 1)
        }
        return CredentialReportContent(
            csv: String(decoding: data, as: UTF8.self), generatedTime: result.date("GeneratedTime"))
    }

    /// `GetAccountAuthorizationDetails`, every page: users, groups, roles and managed policies with documents.
    /// `filter` limits the entity types (`User`, `Role`, `Group`, `LocalManagedPolicy`, `AWSManagedPolicy`).
    public func getAccountAuthorizationDetails(filter: [String] = [], pageSize: Int = 1000) async throws
        -> AuthorizationDetails
    {
        var details = AuthorizationDetails()
        let pages = Paginator<XMLNode> { marker in
            var parameters: [(String, String)] = [("MaxItems", String(pageSize))]
            for (index, entity) in filter.enumerated() { parameters.append(("Filter.member.\(index + 1)", entity)) }
            parameters += Self.optional("Marker", marker)
            let result = try await call("GetAccountAuthorizationDetails", parameters, idempotent: true)
            return ([result], result.nextMarker)
        }
        for try await page in pages {
            details.users += page.members("UserDetailList").map { node in
                UserDetail(
                    userName: node["UserName"] ?? "", userID: node["UserId"] ?? "", arn: node["Arn"] ?? "",
                    path: node["Path"] ?? "/", createDate: node.date("CreateDate"),
                    groups: node.members("GroupList").map(\.text),
                    inlinePolicies: node.inlinePolicies("UserPolicyList"),
                    attachedPolicies: node.attachedPolicies(),
                    permissionsBoundaryARN: node.child("PermissionsBoundary")?["PermissionsBoundaryArn"],
                    tags: node.tags)
            }
            details.groups += page.members("GroupDetailList").map { node in
                GroupDetail(
                    groupName: node["GroupName"] ?? "", groupID: node["GroupId"] ?? "", arn: node["Arn"] ?? "",
                    path: node["Path"] ?? "/", inlinePolicies: node.inlinePolicies("GroupPolicyList"),
                    attachedPolicies: node.attachedPolicies())
            }
            details.roles += page.members("RoleDetailList").map { node in
                RoleDetail(
                    roleName: node["RoleName"] ?? "", roleID: node["RoleId"] ?? "", arn: node["Arn"] ?? "",
                    path: node["Path"] ?? "/",
                    assumeRolePolicyDocument: node.policyDocument("AssumeRolePolicyDocument"),
                    inlinePolicies: node.inlinePolicies("RolePolicyList"), attachedPolicies: node.attachedPolicies(),
                    permissionsBoundaryARN: node.child("PermissionsBoundary")?["PermissionsBoundaryArn"],
                    tags: node.tags)
            }
            details.policies += page.members("Policies").map(\.managedPolicy)
        }
        return details
    }

    // MARK: Users

    /// `ListUsers`, every page.
    public func listUsers() -> Paginator<IAMUser> {
        Paginator { marker in
            let result = try await call("ListUsers", Self.optional("Marker", marker), idempotent: true)
            _ = try result.required("Users", in: "IAM.ListUsers")  // required in botocore
            return (result.members("Users").map(\.iamUser), result.nextMarker)
        }
    }

    /// `GetUser`: the named user, or the caller when `userName` is nil.
    public func getUser(_ userName: String? = nil) async throws -> IAMUser {
        try await call("GetUser", Self.optional("UserName", userName), idempotent: true)
            .required("User", in: "IAM.GetUser").iamUser
    }

    /// `CreateUser`.
    public func createUser(_ userName: String, path: String? = nil) async throws -> IAMUser {
        let parameters = [("UserName", userName)] + Self.optional("Path", path)
        return try await call("CreateUser", parameters, idempotent: false).required("User", in: "IAM.CreateUser")
            .iamUser
    }

    /// `GetLoginProfile`: whether the user has a console password (`NoSuchEntity` means no).
    public func hasLoginProfile(_ userName: String) async throws -> Bool {
        do {
            _ = try await call("GetLoginProfile", [("UserName", userName)], idempotent: true)
            return true
        } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
            return false
        }
    }

    /// `ListAccessKeys` for a user (or the caller).
    public func listAccessKeys(_ userName: String? = nil) async throws -> [AccessKeyMetadata] {
        try await Paginator<AccessKeyMetadata> { marker in
            let result = try await call(
                "ListAccessKeys", Self.optional("UserName", userName) + Self.optional("Marker", marker),
                idempotent: true)
            _ = try result.required("AccessKeyMetadata", in: "IAM.ListAccessKeys")  // required in botocore
            let keys = result.members("AccessKeyMetadata").map {
                AccessKeyMetadata(
                    userName: $0["UserName"] ?? "", accessKeyID: $0["AccessKeyId"] ?? "", status: $0["Status"] ?? "",
                    createDate: $0.date("CreateDate"))
            }
            return (keys, result.nextMarker)
        }.collect()
    }

    /// `ListGroupsForUser`.
    public func listGroupsForUser(_ userName: String) async throws -> [IAMGroup] {
        try await Paginator<IAMGroup> { marker in
            let result = try await call(
                "ListGroupsForUser", [("UserName", userName)] + Self.optional("Marker", marker), idempotent: true)
            _ = try result.required("Groups", in: "IAM.ListGroupsForUser")  // required in botocore
            return (result.members("Groups").map(\.iamGroup), result.nextMarker)
        }.collect()
    }

    // MARK: MFA devices

    /// `ListMFADevices` for a user (or the caller): every kind of device (virtual, FIDO, hardware).
    public func listMFADevices(_ userName: String? = nil) async throws -> [MFADevice] {
        try await Paginator<MFADevice> { marker in
            let result = try await call(
                "ListMFADevices", Self.optional("UserName", userName) + Self.optional("Marker", marker),
                idempotent: true)
            _ = try result.required("MFADevices", in: "IAM.ListMFADevices")  // required in botocore
            let devices = result.members("MFADevices").map {
                MFADevice(
                    userName: $0["UserName"] ?? userName ?? "", serialNumber: $0["SerialNumber"] ?? "",
                    enableDate: $0.date("EnableDate"))
            }
            return (devices, result.nextMarker)
        }.collect()
    }

    /// `ListVirtualMFADevices`, every page; `assignmentStatus` is `Assigned`, `Unassigned` or `Any`.
    public func listVirtualMFADevices(assignmentStatus: String = "Any") -> Paginator<VirtualMFADevice> {
        Paginator { marker in
            let parameters =
                [("AssignmentStatus", assignmentStatus), ("MaxItems", "1000")] + Self.optional("Marker", marker)
            let result = try await call("ListVirtualMFADevices", parameters, idempotent: true)
            _ = try result.required("VirtualMFADevices", in: "IAM.ListVirtualMFADevices")  // required in botocore
            let devices = result.members("VirtualMFADevices").map { node in
                VirtualMFADevice(
                    serialNumber: node["SerialNumber"] ?? "", enableDate: node.date("EnableDate"),
                    userName: node.child("User")?["UserName"], userARN: node.child("User")?["Arn"])
            }
            return (devices, result.nextMarker)
        }
    }

    /// `CreateVirtualMFADevice`: the new device's serial and Base32 seed.
    public func createVirtualMFADevice(name: String, path: String? = nil) async throws -> CreatedVirtualMFADevice {
        let parameters = [("VirtualMFADeviceName", name)] + Self.optional("Path", path)
        let operation = "IAM.CreateVirtualMFADevice"
        let device = try await call("CreateVirtualMFADevice", parameters, idempotent: false)
            .required("VirtualMFADevice", in: operation)
        // A device without its serial or seed cannot be enrolled: never show an empty QR code as a success.
        let serial = try device.required("SerialNumber", in: operation).text
        let encoded = try device.required("Base32StringSeed", in: operation).text
        guard !serial.isEmpty, !encoded.isEmpty else {
            throw AWSConnectionError(operation: operation, message: "the answer holds no serial and seed", attempts: 1)
        }
        let seed = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? encoded
        return CreatedVirtualMFADevice(serialNumber: serial, base32Seed: seed)
    }

    /// `EnableMFADevice` with two consecutive codes.
    public func enableMFADevice(userName: String, serialNumber: String, code1: String, code2: String) async throws {
        _ = try await call(
            "EnableMFADevice",
            [
                ("UserName", userName), ("SerialNumber", serialNumber), ("AuthenticationCode1", code1),
                ("AuthenticationCode2", code2),
            ], idempotent: false)
    }

    /// `ResyncMFADevice` with two consecutive codes.
    public func resyncMFADevice(userName: String, serialNumber: String, code1: String, code2: String) async throws {
        _ = try await call(
            "ResyncMFADevice",
            [
                ("UserName", userName), ("SerialNumber", serialNumber), ("AuthenticationCode1", code1),
                ("AuthenticationCode2", code2),
            ], idempotent: false)
    }

    /// `DeactivateMFADevice`.
    public func deactivateMFADevice(userName: String?, serialNumber: String) async throws {
        _ = try await call(
            "DeactivateMFADevice", Self.optional("UserName", userName) + [("SerialNumber", serialNumber)],
            idempotent: false)
    }

    /// `DeleteVirtualMFADevice`.
    public func deleteVirtualMFADevice(serialNumber: String) async throws {
        _ = try await call("DeleteVirtualMFADevice", [("SerialNumber", serialNumber)], idempotent: false)
    }
}
