import AWSClient
import IAMPolicy

/// Rules that read what policies allow without MFA, with the policy engine's MFA analysis.
enum PolicyRules {
    /// At most this many example actions are named in a finding's detail.
    static let examples = 5

    /// The actions a user without MFA must be allowed to enrol and get an MFA session (AWS's own
    /// require-MFA policy leaves them open).
    static let selfService = Set(PolicyLinter.selfServiceActions.map { $0.lowercased() })

    static func accessKeyUnguarded(_ context: AuditContext) -> [Finding] {
        context.users.compactMap { user in
            guard let row = user.row, row.hasActiveAccessKey else { return nil }
            // Long-term keys never carry aws:MultiFactorAuthPresent: the key is absent.
            let analysis = context.analysis(user, .keyAbsent)
            let actions = context.allowedActions(user, .keyAbsent, purpose: "non-read") {
                $0.accessLevel != .read && $0.accessLevel != .list && !selfService.contains($0.action.lowercased())
            }
            guard !actions.isEmpty else { return nil }
            let names = actions.prefix(examples).map(\.action).joined(separator: ", ")
            let policies = Set(
                actions.prefix(20).flatMap { analysis.allowingStatements($0.action) }.compactMap {
                    user.refs[$0.source.policy]?.display
                }
            ).sorted()
            return Finding(
                rule: .accessKeyUnguarded, resource: user.detail.arn, principal: user.detail.userName,
                title: "Access key of \(user.detail.userName) works without MFA",
                detail: "With its access key alone, \(user.detail.userName) may use \(actions.count) non-read actions "
                    + "(e.g. \(names)) through \(policies.joined(separator: "; ")).",
                remediation: "mfaguard enforce plan --group mfa-required --users \(user.detail.userName)")
        }
    }

    static func mfaSelfServiceMissing(_ context: AuditContext) -> [Finding] {
        context.users.compactMap { user in
            guard let row = user.row, !row.mfaActive, row.hasPassword == true || row.hasActiveAccessKey else {
                return nil
            }
            let console = context.analysis(user, .notAuthenticated)
            let keys = context.analysis(user, .keyAbsent)
            let needed = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"]
            let canEnrol = needed.allSatisfy { console.allows($0) } || needed.allSatisfy { keys.allows($0) }
            guard !canEnrol else { return nil }
            return Finding(
                rule: .mfaSelfServiceMissing, resource: user.detail.arn, principal: user.detail.userName,
                title: "\(user.detail.userName) cannot enrol their own MFA device",
                detail: "Without MFA, \(user.detail.userName) is not allowed iam:CreateVirtualMFADevice and "
                    + "iam:EnableMFADevice, so an administrator has to set up their device.",
                remediation: "mfaguard enforce plan --group mfa-required --users \(user.detail.userName)")
        }
    }

    /// Policies through which some user may use permissions-management actions without MFA.
    static func unguardedPermissions(_ context: AuditContext) -> [Finding] {
        var holders: [AuditContext.PolicyRef: (users: Set<String>, actions: Set<String>)] = [:]
        for user in context.users where user.row?.hasPassword == true || user.row?.hasActiveAccessKey == true {
            for state in [MFAState.notAuthenticated, .keyAbsent] {
                let analysis = context.analysis(user, state)
                // The MFA self-service actions are "Permissions management" too, but they are what a user
                // without MFA must be allowed (AWS's own require-MFA policy leaves them open).
                let privileged = context.allowedActions(user, state, purpose: "permissions-management") {
                    $0.accessLevel == .permissionsManagement && !selfService.contains($0.action.lowercased())
                }
                for entry in privileged.prefix(20) {
                    for term in analysis.allowingStatements(entry.action) {
                        guard let ref = user.refs[term.source.policy] else { continue }
                        holders[ref, default: ([], [])].users.insert(user.detail.userName)
                        holders[ref, default: ([], [])].actions.insert(entry.action)
                    }
                }
            }
        }
        return holders.map { ref, holding in
            let users = holding.users.sorted()
            let shown = users.prefix(examples).joined(separator: ", ") + (users.count > examples ? ", …" : "")
            return Finding(
                rule: .unguardedPermissions, resource: ref.resource, principal: ref.ownerName,
                title:
                    "\(ref.isInline ? "Inline policy" : "Policy") \(ref.name) grants permissions management without MFA",
                detail: "\(ref.display) allows \(holding.actions.sorted().prefix(examples).joined(separator: ", ")) "
                    + "with no MFA condition, to \(users.count) user(s): \(shown).",
                remediation: "mfaguard enforce plan --group mfa-required --users \(users.joined(separator: ","))",
                policy: ref.isInline ? ref.name : nil)
        }
    }

    static func roleTrustWithoutMFA(_ context: AuditContext) -> [Finding] {
        context.snapshot.authorization.roles.compactMap { role in
            guard !role.path.hasPrefix("/aws-service-role/"),
                let trust = context.document(role.assumeRolePolicyDocument, owner: "trust policy of \(role.arn)")
            else { return nil }
            let statements = TrustAnalysis.allowsAccountPrincipalsWithoutMFA(trust, account: context.account)
            guard !statements.isEmpty else { return nil }
            let which = statements.map { $0.sid.map { "\"\($0)\"" } ?? "#\($0.statement)" }.joined(separator: ", ")
            return Finding(
                rule: .roleTrustWithoutMFA, resource: role.arn, principal: role.roleName,
                title: "Role \(role.roleName) can be assumed without MFA",
                detail: "Trust policy statement \(which) lets IAM principals of account \(context.account) assume "
                    + "\(role.roleName) without aws:MultiFactorAuthPresent.",
                remediation: "mfaguard policy generate mfa-trust --account \(context.account) --output trust.json && "
                    + "aws iam update-assume-role-policy --role-name \(role.roleName) --policy-document file://trust.json"
            )
        }
    }

    static func mfaMaxAgeMissing(_ context: AuditContext) -> [Finding] {
        context.allPolicies.compactMap { ref, document in
            guard gatesOnMFA(document), !mentions(document, MFAKey.age) else { return nil }
            return Finding(
                rule: .mfaMaxAgeMissing, resource: ref.resource, principal: ref.ownerName,
                title: "\(ref.isInline ? "Inline policy" : "Policy") \(ref.name) requires MFA but not a recent one",
                detail: "\(ref.display) checks aws:MultiFactorAuthPresent but never aws:MultiFactorAuthAge, so an MFA "
                    + "session stays good for its whole lifetime (up to 36 hours).",
                remediation: "mfaguard policy generate require-mfa --max-age 28800 --output require-mfa.json",
                policy: ref.isInline ? ref.name : nil)
        }
    }

    static func policyMFAPitfall(_ context: AuditContext) -> [Finding] {
        var findings: [Finding] = []
        for (ref, document) in context.allPolicies {
            if let finding = pitfall(ref, document, kind: .identity) { findings.append(finding) }
        }
        for role in context.snapshot.authorization.roles where !role.path.hasPrefix("/aws-service-role/") {
            let ref = AuditContext.PolicyRef(resource: role.arn, name: "trust policy", isInline: true)
            if let document = context.document(role.assumeRolePolicyDocument, owner: "trust policy of \(role.arn)"),
                let finding = pitfall(ref, document, kind: .trust)
            {
                findings.append(finding)
            }
        }
        return findings
    }

    private static func pitfall(
        _ ref: AuditContext.PolicyRef, _ document: PolicyDocument, kind: PolicyLinter.PolicyKind
    )
        -> Finding?
    {
        // Low-severity lint notes (a missing convenience such as iam:GetUser before MFA) open no way in and
        // lock nobody out: `policy lint` shows them, the audit does not turn them into findings.
        let lint = PolicyLinter.lint(document, kind: kind).filter { $0.severity >= .medium }
        guard let worst = lint.map(\.severity).max() else { return nil }
        let problems = lint.map { "\($0.path) \($0.id): \($0.title) — fix: \($0.fix)" }.joined(separator: "; ")
        let remediation =
            ref.isInline
            ? "Fix \(ref.display) as the detail says; check the new document with: mfaguard policy lint FILE"
            : "aws iam get-policy-version --policy-arn \(ref.resource) --version-id $(aws iam get-policy "
                + "--policy-arn \(ref.resource) --query Policy.DefaultVersionId --output text) --query "
                + "PolicyVersion.Document > policy.json && mfaguard policy lint policy.json"
        return Finding(
            rule: .policyMFAPitfall, resource: ref.resource, principal: ref.ownerName,
            title:
                "\(kind == .trust ? "Trust policy of \(ref.resource.split(separator: "/").last ?? "")" : ref.isInline ? "Inline policy \(ref.name)" : "Policy \(ref.name)"): \(lint[0].title)"
                + (lint.count > 1 ? " (+\(lint.count - 1) more)" : ""),
            detail: problems, remediation: remediation, severity: worst == .high ? .high : .medium,
            policy: ref.isInline && kind != .trust ? ref.name : nil)
    }

    /// An Allow that requires MFA, or a Deny that applies without it.
    static func gatesOnMFA(_ document: PolicyDocument) -> Bool {
        mentions(document, MFAKey.present)
    }

    static func mentions(_ document: PolicyDocument, _ key: String) -> Bool {
        document.statements.contains { statement in
            statement.conditions.contains { $0.key.lowercased() == key.lowercased() }
        }
    }
}

extension AuditContext.PolicyRef {
    /// The name of the user, group or role that owns an inline policy (the last part of its owner's ARN);
    /// nil for a managed policy, which has no single owner (its ARN is the finding's resource).
    var ownerName: String? {
        guard isInline else { return nil }
        return resource.split(separator: "/").last.map(String.init)
    }
}
