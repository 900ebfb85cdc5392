import AWSClient
import IAMPolicy

/// A user's identity policies as a snapshot describes them (as `AuditContext` builds them), optionally
/// with the changes of an enforcement plan laid over: groups the user will join and policies those
/// groups will get. Policies that do not parse are left out, as the audit records them.
public struct EffectivePolicies: Sendable {
    /// Managed policy ARN → default version's document, with the plan's new documents.
    public var managedDocuments: [String: String]
    /// Group name → the ARNs of the managed policies attached to it, with the plan's attachments.
    public var groupAttachments: [String: [String]]
    /// User name → group names, with the plan's new memberships.
    public var userGroups: [String: [String]]
    private let users: [String: UserDetail]
    private let groups: [String: GroupDetail]
    private let roles: [String: RoleDetail]

    /// The policies of `snapshot`, unchanged.
    public init(_ snapshot: AccountSnapshot) {
        var managed: [String: String] = [:]
        for policy in snapshot.authorization.policies { managed[policy.arn] = policy.defaultDocument }
        managedDocuments = managed
        groups = Dictionary(
            snapshot.authorization.groups.map { ($0.groupName, $0) }, uniquingKeysWith: { first, _ in first })
        users = Dictionary(
            snapshot.authorization.users.map { ($0.userName, $0) }, uniquingKeysWith: { first, _ in first })
        roles = Dictionary(
            snapshot.authorization.roles.map { ($0.roleName, $0) }, uniquingKeysWith: { first, _ in first })
        groupAttachments = groups.mapValues { $0.attachedPolicies.map(\.policyARN) }
        userGroups = users.mapValues(\.groups)
    }

    /// Lays the changes of `plan` over the snapshot's policies: new documents, attachments, memberships.
    public mutating func apply(_ plan: EnforcementPlan) {
        for step in plan.steps {
            switch step.kind {
            case .createPolicy, .createPolicyVersion:
                if let arn = step.policyARN, let document = step.document { managedDocuments[arn] = document }
            case .attachGroupPolicy:
                if let group = step.group, let arn = step.policyARN, groupAttachments[group]?.contains(arn) != true {
                    groupAttachments[group, default: []].append(arn)
                }
            case .addUserToGroup:
                if let user = step.user, let group = step.group, userGroups[user]?.contains(group) != true {
                    userGroups[user, default: []].append(group)
                }
            case .createGroup, .createRole, .attachRolePolicy:
                break
            }
        }
    }

    /// The identity policies of `userName` (inline, attached, through groups) and its permissions boundary.
    public func policies(ofUser userName: String) -> PrincipalPolicies {
        let user = users[userName]
        var attached: [IAMPolicy.AttachedPolicy] = []
        func add(_ name: String, _ source: IAMPolicy.AttachedPolicy.Source, _ text: String?) {
            guard let text, let document = try? PolicyDocument(parsing: text) else { return }
            attached.append(IAMPolicy.AttachedPolicy(name: name, source: source, document: document))
        }
        for inline in user?.inlinePolicies ?? [] { add(inline.policyName, .inline, inline.document) }
        for policy in user?.attachedPolicies ?? [] {
            add(policy.policyName, .managed(arn: policy.policyARN), managedDocuments[policy.policyARN])
        }
        for groupName in userGroups[userName] ?? [] {
            for inline in groups[groupName]?.inlinePolicies ?? [] {
                add(inline.policyName, .group(name: groupName, managedARN: nil), inline.document)
            }
            for arn in groupAttachments[groupName] ?? [] {
                add(Self.name(of: arn), .group(name: groupName, managedARN: arn), managedDocuments[arn])
            }
        }
        var boundary: IAMPolicy.AttachedPolicy?
        if let arn = user?.permissionsBoundaryARN, let text = managedDocuments[arn],
            let document = try? PolicyDocument(parsing: text)
        {
            boundary = IAMPolicy.AttachedPolicy(name: arn, source: .managed(arn: arn), document: document)
        }
        return PrincipalPolicies(
            principal: user?.arn ?? userName, identityPolicies: attached, permissionsBoundary: boundary)
    }

    /// The identity policies of the role `roleName` (inline and attached) and its permissions boundary.
    public func policies(ofRole roleName: String) -> PrincipalPolicies {
        let role = roles[roleName]
        var attached: [IAMPolicy.AttachedPolicy] = []
        for inline in role?.inlinePolicies ?? [] {
            if let document = try? PolicyDocument(parsing: inline.document) {
                attached.append(IAMPolicy.AttachedPolicy(name: inline.policyName, source: .inline, document: document))
            }
        }
        for policy in role?.attachedPolicies ?? [] {
            if let text = managedDocuments[policy.policyARN], let document = try? PolicyDocument(parsing: text) {
                attached.append(
                    IAMPolicy.AttachedPolicy(
                        name: policy.policyName, source: .managed(arn: policy.policyARN), document: document))
            }
        }
        var boundary: IAMPolicy.AttachedPolicy?
        if let arn = role?.permissionsBoundaryARN, let text = managedDocuments[arn],
            let document = try? PolicyDocument(parsing: text)
        {
            boundary = IAMPolicy.AttachedPolicy(name: arn, source: .managed(arn: arn), document: document)
        }
        return PrincipalPolicies(
            principal: role?.arn ?? roleName, identityPolicies: attached, permissionsBoundary: boundary)
    }

    static func name(of arn: String) -> String {
        String(arn.split(separator: "/").last ?? Substring(arn))
    }
}
