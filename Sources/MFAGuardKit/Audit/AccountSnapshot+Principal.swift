import AWSClient
import IAMPolicy
import MFAGuardConsole

extension AccountSnapshot {
    /// The policies that decide what one user or role of the snapshot may do: its own inline and managed
    /// policies, its groups' (users), and its permissions boundary. `principal` is an ARN or a name;
    /// `nil` when the snapshot has no such user or role. For `mfaguard policy analyze --snapshot`.
    public func principalPolicies(for principal: String) throws -> PrincipalPolicies? {
        let context = AuditContext(self)
        if let user = context.users.first(where: { $0.detail.arn == principal || $0.detail.userName == principal }) {
            return user.policies
        }
        guard
            let role = authorization.roles.first(where: { $0.arn == principal || $0.roleName == principal })
        else { return nil }
        var attached: [IAMPolicy.AttachedPolicy] = []
        for inline in role.inlinePolicies {
            guard
                let document = context.document(
                    inline.document, owner: "inline policy \(inline.policyName) of \(role.arn)")
            else { continue }
            attached.append(IAMPolicy.AttachedPolicy(name: inline.policyName, source: .inline, document: document))
        }
        for policy in role.attachedPolicies {
            guard let text = context.managedDocument(policy.policyARN),
                let document = context.document(text, owner: "managed policy \(policy.policyARN)")
            else { continue }
            attached.append(
                IAMPolicy.AttachedPolicy(
                    name: policy.policyName, source: .managed(arn: policy.policyARN), document: document))
        }
        var boundary: IAMPolicy.AttachedPolicy?
        if let arn = role.permissionsBoundaryARN, let text = context.managedDocument(arn),
            let document = context.document(text, owner: "boundary \(arn)")
        {
            boundary = IAMPolicy.AttachedPolicy(name: arn, source: .managed(arn: arn), document: document)
        }
        if let problem = context.errors.first { throw MFAGuardFailure(.input, problem.message) }
        return PrincipalPolicies(principal: role.arn, identityPolicies: attached, permissionsBoundary: boundary)
    }
}
