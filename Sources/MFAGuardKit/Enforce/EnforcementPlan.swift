import Foundation

/// One change `mfaguard enforce` makes, or finds already made (`change == false`).
public struct EnforcementStep: Codable, Sendable, Equatable {
    /// The IAM call the step makes (`CreatePolicy`, `CreatePolicyVersion`, `CreateGroup`, `AttachGroupPolicy`, …).
    public enum Kind: String, Codable, Sendable {
        case createPolicy, createPolicyVersion, createGroup, attachGroupPolicy, addUserToGroup, createRole,
            attachRolePolicy
    }

    /// What the step does; `createPolicy` becomes `createPolicyVersion` when the policy exists with another document.
    public var kind: Kind
    /// `false` for what is already in place (shown as `=` in the plan, skipped by apply).
    public var change: Bool
    /// What the step works on, in words: a policy name, `group/user`, a role name.
    public var target: String
    /// The managed policy's name (for a role attachment, its ARN's last part); nil for group, member, role steps.
    public var policyName: String?
    /// The managed policy's ARN in the plan's account and partition; nil for group, member and role steps.
    public var policyARN: String?
    /// The policy document (managed policies, new versions) or the trust policy (roles).
    public var document: String?
    /// The enforcement group, for group, attachment and membership steps.
    public var group: String?
    /// The IAM user name, for `addUserToGroup` only.
    public var user: String?
    /// The admin role's name (`--admin-role`), for `createRole` and `attachRolePolicy`.
    public var role: String?
    /// For a new policy version: the default version it replaces.
    public var previousDefaultVersion: String?
    /// The ids of the entities the step works on, when they exist already (`PolicyId`, `GroupId`, `RoleId`):
    /// rollback undoes a step only on the entity with the same id.
    public var policyID: String?
    /// The group's `GroupId`, when the group exists already.
    public var groupID: String?
    /// The role's `RoleId`, when the role exists already.
    public var roleID: String?
    /// For a policy that exists already: every entity it is attached to (`group G`, `user U`, `role R`).
    public var attachedTo: [String]?

    /// A step as the planner builds it; the optional fields stay nil where the step kind has no use for them.
    public init(
        kind: Kind, change: Bool, target: String, policyName: String? = nil, policyARN: String? = nil,
        document: String? = nil, group: String? = nil, user: String? = nil, role: String? = nil,
        previousDefaultVersion: String? = nil, policyID: String? = nil, groupID: String? = nil,
        roleID: String? = nil, attachedTo: [String]? = nil
    ) {
        self.kind = kind
        self.change = change
        self.target = target
        self.policyName = policyName
        self.policyARN = policyARN
        self.document = document
        self.group = group
        self.user = user
        self.role = role
        self.previousDefaultVersion = previousDefaultVersion
        self.policyID = policyID
        self.groupID = groupID
        self.roleID = roleID
        self.attachedTo = attachedTo
    }

    /// The plan's line for this step: `+` create, `~` new version, `=` already in place.
    public var line: String {
        switch (kind, change) {
        case (.createPolicy, true): "+ create policy \(target)"
        case (.createPolicy, false): "= policy \(target) is up to date"
        case (.createPolicyVersion, _):
            "~ new version of policy \(target) (default now \(previousDefaultVersion ?? "?"), kept for rollback)"
        case (.createGroup, true): "+ create group \(target)"
        case (.createGroup, false): "= group \(target) exists"
        case (.attachGroupPolicy, true): "+ attach policy \(policyName ?? "") to group \(group ?? "")"
        case (.attachGroupPolicy, false): "= already attached: policy \(policyName ?? "") to group \(group ?? "")"
        case (.addUserToGroup, true): "+ add user \(user ?? "") to group \(group ?? "")"
        case (.addUserToGroup, false): "= user \(user ?? "") is in group \(group ?? "")"
        case (.createRole, true): "+ create role \(target) (trust requires MFA)"
        case (.createRole, false): "= role \(target) exists"
        case (.attachRolePolicy, true): "+ attach policy \(policyName ?? policyARN ?? "") to role \(role ?? "")"
        case (.attachRolePolicy, false):
            "= already attached: policy \(policyName ?? policyARN ?? "") to role \(role ?? "")"
        }
    }
}

/// The result of one safety check before anything changes.
public struct SafetyCheck: Codable, Sendable, Equatable {
    /// `lockout`, `self-service`, `existing-policy`, `service-users` or `quota`.
    public var name: String
    /// `true` when nothing was found that the check guards against.
    public var passed: Bool
    /// Failed, but the user overrode it with the flag named in `message`.
    public var overridden: Bool
    /// What was found, in words; a failed check names the `--allow-…` flag that overrides it.
    public var message: String
}

/// What `mfaguard enforce` would change to reach the requested state (`mfaguard.enforce-plan/v1`).
public struct EnforcementPlan: Codable, Sendable {
    /// The value of `schema` in every plan written (`--json`).
    public static let schemaID = "mfaguard.enforce-plan/v1"

    /// The document's schema id, `EnforcementPlan.schemaID` unless decoded from another version.
    public var schema = EnforcementPlan.schemaID
    /// The 12-digit id of the account the plan was made for.
    public var account: String
    /// The account's partition (`aws`, `aws-cn`, `aws-us-gov`), used in every ARN of the plan.
    public var partition: String
    /// The caller's ARN (`GetCallerIdentity`).
    public var caller: String
    /// The enforcement group (`--group`).
    public var group: String
    /// Every step, in place or not, in execution order: policies, group, attachments, members, admin role.
    public var steps: [EnforcementStep]
    /// Users left out because an exemption covers them, with its reason.
    public var exempted: [ExemptedUser]
    /// Users in scope who have no MFA device yet (they keep self-service only until they enrol).
    public var usersWithoutMFA: [String]
    /// The five checks in order: lockout, self-service, existing-policy, service-users, quota.
    public var checks: [SafetyCheck]

    /// A user in scope matched (by ARN or name glob) by an unexpired exemption of an MFA rule or `*`.
    public struct ExemptedUser: Codable, Sendable, Equatable {
        /// The IAM user name.
        public var user: String
        /// The matching exemption's reason, as written in the exemptions file.
        public var reason: String
    }

    /// The steps that change something.
    public var changes: [EnforcementStep] { steps.filter(\.change) }

    /// The checks that failed and were not overridden: apply refuses while there is one.
    public var refusals: [SafetyCheck] { checks.filter { !$0.passed && !$0.overridden } }

    /// The plan as a diff a reviewer can read, then a summary.
    public func renderText() -> String {
        var lines = ["Enforcement plan for account \(account) (caller \(caller)), group \(group):", ""]
        for step in steps {
            lines.append("  " + step.line)
            if let attachedTo = step.attachedTo, step.kind == .createPolicy || step.kind == .createPolicyVersion {
                lines.append(
                    "      attached to: \(attachedTo.isEmpty ? "nothing" : attachedTo.joined(separator: ", "))")
            }
        }
        if !exempted.isEmpty {
            lines.append("")
            lines.append("Exempted (left out):")
            lines += exempted.map { "  - \($0.user): \($0.reason)" }
        }
        if !usersWithoutMFA.isEmpty {
            lines.append("")
            lines.append(
                "Users in scope without MFA (self-service only until they enrol): \(usersWithoutMFA.joined(separator: ", "))"
            )
        }
        lines.append("")
        lines.append("Safety checks:")
        for check in checks {
            let mark = check.passed ? "ok" : check.overridden ? "OVERRIDDEN" : "REFUSED"
            lines.append("  [\(mark)] \(check.name): \(check.message)")
        }
        let counts = Dictionary(grouping: changes, by: \.kind).mapValues(\.count)
        lines.append("")
        lines.append(
            changes.isEmpty
                ? "Summary: nothing to change."
                : "Summary: \(changes.count) change(s) (\(counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", "))), \(steps.count - changes.count) already in place."
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan as JSON (sorted keys).
    public func renderJSON() throws -> String {
        try CodableJSON.pretty(self)
    }
}
