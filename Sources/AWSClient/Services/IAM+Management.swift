import Foundation

/// The IAM write calls of `mfaguard enforce`: managed policies and their versions, groups and their
/// members and attachments, roles. Each returns the request id AWS gave the call, for the journal.
/// Calls that change something are not idempotent: a broken connection is reported, not retried blindly.
extension IAM {
    // MARK: Managed policies

    /// `CreatePolicy`: the new policy (version `v1`, default) and the request id; `tags` are set with it.
    public func createPolicy(
        name: String, document: String, path: String? = nil, description: String? = nil, tags: [String: String] = [:]
    )
        async throws -> (policy: ManagedPolicyDetail, requestID: String?)
    {
        let parameters =
            [("PolicyName", name), ("PolicyDocument", document)] + Self.optional("Path", path)
            + Self.optional("Description", description) + Self.tagParameters(tags)
        let response = try await send("CreatePolicy", parameters, idempotent: false)
        return (try response.result.required("Policy", in: "IAM.CreatePolicy").managedPolicy, response.requestID)
    }

    /// `GetPolicy`: the policy's metadata (no versions), or `nil` when it does not exist.
    public func getPolicy(arn: String) async throws -> ManagedPolicyDetail? {
        do {
            // A missing <Policy> is a broken answer, not "no such policy" (that is NoSuchEntity).
            return try await send("GetPolicy", [("PolicyArn", arn)], idempotent: true).result
                .required("Policy", in: "IAM.GetPolicy").managedPolicy
        } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
            return nil
        }
    }

    /// `DeletePolicy` (the policy must have no attachments and only its default version).
    @discardableResult
    public func deletePolicy(arn: String) async throws -> String? {
        try await send("DeletePolicy", [("PolicyArn", arn)], idempotent: false).requestID
    }

    /// `CreatePolicyVersion`: the new version's id and the request id.
    public func createPolicyVersion(arn: String, document: String, setAsDefault: Bool) async throws
        -> (versionID: String, requestID: String?)
    {
        let parameters = [
            ("PolicyArn", arn), ("PolicyDocument", document), ("SetAsDefault", setAsDefault ? "true" : "false"),
        ]
        let response = try await send("CreatePolicyVersion", parameters, idempotent: false)
        let version = try response.result.required("PolicyVersion", in: "IAM.CreatePolicyVersion")
        return (try version.required("VersionId", in: "IAM.CreatePolicyVersion").text, response.requestID)
    }

    /// `ListPolicyVersions`, every page (documents not included).
    public func listPolicyVersions(arn: String) async throws -> [PolicyVersion] {
        try await Paginator<PolicyVersion> { marker in
            let result = try await send(
                "ListPolicyVersions", [("PolicyArn", arn)] + Self.optional("Marker", marker), idempotent: true
            ).result
            _ = try result.required("Versions", in: "IAM.ListPolicyVersions")
            return (result.members("Versions").map(\.policyVersion), result.nextMarker)
        }.collect()
    }

    /// `GetPolicyVersion`: one version with its (decoded) document.
    public func getPolicyVersion(arn: String, versionID: String) async throws -> PolicyVersion? {
        try await send("GetPolicyVersion", [("PolicyArn", arn), ("VersionId", versionID)], idempotent: true)
            .result.required("PolicyVersion", in: "IAM.GetPolicyVersion").policyVersion
    }

    /// `SetDefaultPolicyVersion`.
    @discardableResult
    public func setDefaultPolicyVersion(arn: String, versionID: String) async throws -> String? {
        try await send("SetDefaultPolicyVersion", [("PolicyArn", arn), ("VersionId", versionID)], idempotent: false)
            .requestID
    }

    /// `DeletePolicyVersion` (never the default version).
    @discardableResult
    public func deletePolicyVersion(arn: String, versionID: String) async throws -> String? {
        try await send("DeletePolicyVersion", [("PolicyArn", arn), ("VersionId", versionID)], idempotent: false)
            .requestID
    }

    // MARK: Groups

    /// `CreateGroup`.
    public func createGroup(_ groupName: String, path: String? = nil) async throws
        -> (group: IAMGroup, requestID: String?)
    {
        let response = try await send(
            "CreateGroup", [("GroupName", groupName)] + Self.optional("Path", path), idempotent: false)
        return (try response.result.required("Group", in: "IAM.CreateGroup").iamGroup, response.requestID)
    }

    /// `GetGroup`, every page: the group and its members' names, or `nil` when it does not exist.
    public func getGroup(_ groupName: String) async throws -> (group: IAMGroup, members: [String])? {
        var group: IAMGroup?
        var members: [String] = []
        do {
            var marker: String?
            repeat {
                let result = try await send(
                    "GetGroup", [("GroupName", groupName)] + Self.optional("Marker", marker), idempotent: true
                ).result
                // Both required in botocore: a page without them is a broken answer, not an empty group.
                group = try group ?? result.required("Group", in: "IAM.GetGroup").iamGroup
                _ = try result.required("Users", in: "IAM.GetGroup")
                members += result.members("Users").compactMap { $0["UserName"] }
                marker = result.nextMarker
            } while marker != nil
        } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
            return nil
        }
        return (group ?? IAMGroup(groupName: groupName, groupID: "", arn: ""), members)
    }

    /// `DeleteGroup` (the group must have no members, attachments or inline policies).
    @discardableResult
    public func deleteGroup(_ groupName: String) async throws -> String? {
        try await send("DeleteGroup", [("GroupName", groupName)], idempotent: false).requestID
    }

    /// `AddUserToGroup`.
    @discardableResult
    public func addUserToGroup(userName: String, groupName: String) async throws -> String? {
        try await send("AddUserToGroup", [("GroupName", groupName), ("UserName", userName)], idempotent: false)
            .requestID
    }

    /// `RemoveUserFromGroup`.
    @discardableResult
    public func removeUserFromGroup(userName: String, groupName: String) async throws -> String? {
        try await send("RemoveUserFromGroup", [("GroupName", groupName), ("UserName", userName)], idempotent: false)
            .requestID
    }

    /// `AttachGroupPolicy`.
    @discardableResult
    public func attachGroupPolicy(groupName: String, policyARN: String) async throws -> String? {
        try await send("AttachGroupPolicy", [("GroupName", groupName), ("PolicyArn", policyARN)], idempotent: false)
            .requestID
    }

    /// `DetachGroupPolicy`.
    @discardableResult
    public func detachGroupPolicy(groupName: String, policyARN: String) async throws -> String? {
        try await send("DetachGroupPolicy", [("GroupName", groupName), ("PolicyArn", policyARN)], idempotent: false)
            .requestID
    }

    /// `ListAttachedGroupPolicies`, every page.
    public func listAttachedGroupPolicies(_ groupName: String) async throws -> [AttachedPolicy] {
        try await Paginator<AttachedPolicy> { marker in
            let result = try await send(
                "ListAttachedGroupPolicies", [("GroupName", groupName)] + Self.optional("Marker", marker),
                idempotent: true
            ).result
            _ = try result.required("AttachedPolicies", in: "IAM.ListAttachedGroupPolicies")
            return (result.attachedPolicies(in: "AttachedPolicies"), result.nextMarker)
        }.collect()
    }

    // MARK: Roles

    /// `CreateRole` with a trust policy; `tags` are set with it.
    public func createRole(
        _ roleName: String, trustPolicy: String, description: String? = nil, tags: [String: String] = [:]
    ) async throws
        -> (role: IAMRole, requestID: String?)
    {
        let parameters =
            [("RoleName", roleName), ("AssumeRolePolicyDocument", trustPolicy)]
            + Self.optional("Description", description) + Self.tagParameters(tags)
        let response = try await send("CreateRole", parameters, idempotent: false)
        return (try response.result.required("Role", in: "IAM.CreateRole").iamRole, response.requestID)
    }

    /// `GetRole`, or `nil` when the role does not exist.
    public func getRole(_ roleName: String) async throws -> IAMRole? {
        do {
            return try await send("GetRole", [("RoleName", roleName)], idempotent: true).result
                .required("Role", in: "IAM.GetRole").iamRole
        } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
            return nil
        }
    }

    /// `DeleteRole` (the role must have no attached or inline policies).
    @discardableResult
    public func deleteRole(_ roleName: String) async throws -> String? {
        try await send("DeleteRole", [("RoleName", roleName)], idempotent: false).requestID
    }

    /// `AttachRolePolicy`.
    @discardableResult
    public func attachRolePolicy(roleName: String, policyARN: String) async throws -> String? {
        try await send("AttachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyARN)], idempotent: false)
            .requestID
    }

    /// `DetachRolePolicy`.
    @discardableResult
    public func detachRolePolicy(roleName: String, policyARN: String) async throws -> String? {
        try await send("DetachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyARN)], idempotent: false)
            .requestID
    }

    /// `ListAttachedRolePolicies`, every page.
    public func listAttachedRolePolicies(_ roleName: String) async throws -> [AttachedPolicy] {
        try await Paginator<AttachedPolicy> { marker in
            let result = try await send(
                "ListAttachedRolePolicies", [("RoleName", roleName)] + Self.optional("Marker", marker),
                idempotent: true
            ).result
            _ = try result.required("AttachedPolicies", in: "IAM.ListAttachedRolePolicies")
            return (result.attachedPolicies(in: "AttachedPolicies"), result.nextMarker)
        }.collect()
    }
}
