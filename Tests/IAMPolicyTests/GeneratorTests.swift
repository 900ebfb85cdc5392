import Testing

@testable import IAMPolicy

/// Each generated policy, evaluated by our engine, does what it claims: with long-term keys (MFA key
/// absent), without MFA (`false`), with a fresh MFA sign-in and with an old one.
@Suite("Generated policies")
struct GeneratorTests {
    static let admin = PolicyDocument(statements: [
        Statement(effect: .allow, action: .action(["*"]), resource: .resource(["*"]))
    ])
    static let alice = "arn:aws:iam::111122223333:user/alice"

    static func context(_ state: MFAState, user: String? = "alice") -> RequestContext {
        var context = state.context
        if let user { context["aws:username"] = [user] }
        return context
    }

    static func decide(_ policies: [PolicyDocument], _ action: String, _ resource: String?, _ state: MFAState)
        -> DecisionOutcome
    {
        PolicyEvaluator(policies: policies).evaluate(
            AccessRequest(action: action, resource: resource, context: context(state))
        ).outcome
    }

    static let keys = MFAState.keyAbsent
    static let noMFA = MFAState.notAuthenticated
    static let fresh = MFAState.authenticated(age: 60)
    static let old = MFAState.authenticated(age: 7200)

    @Test func generatedPoliciesPassOurOwnLint() {
        for document in [
            PolicyGenerator.requireMFA(), PolicyGenerator.requireMFA(maxAge: 3600), PolicyGenerator.selfManageMFA(),
            PolicyGenerator.mfaTrust(accounts: ["111122223333"]),
            PolicyGenerator.mfaTrust(accounts: ["1", "2"], maxAge: 900),
            PolicyGenerator.mfaMaxAge(actions: ["s3:Delete*"], maxAge: 300),
        ] {
            #expect(PolicyLinter.lint(document).isEmpty, "\(document.prettyJSON)")
        }
    }

    @Test func requireMFADeniesEverythingButSelfServiceUntilMFA() {
        let policies = [Self.admin, PolicyGenerator.requireMFA()]
        for state in [Self.keys, Self.noMFA] {
            #expect(Self.decide(policies, "s3:GetObject", "arn:aws:s3:::b/k", state) == .explicitDeny)
            #expect(Self.decide(policies, "iam:DeactivateMFADevice", Self.alice, state) == .explicitDeny)
            #expect(Self.decide(policies, "iam:EnableMFADevice", Self.alice, state) == .allowed)
            #expect(
                Self.decide(policies, "iam:CreateVirtualMFADevice", "arn:aws:iam::111122223333:mfa/alice", state)
                    == .allowed)
            #expect(Self.decide(policies, "sts:GetSessionToken", nil, state) == .allowed)
        }
        #expect(Self.decide(policies, "s3:GetObject", "arn:aws:s3:::b/k", Self.fresh) == .allowed)
        #expect(Self.decide(policies, "s3:GetObject", "arn:aws:s3:::b/k", Self.old) == .allowed)
    }

    @Test func requireMFAAloneLetsUsersManageOnlyTheirOwnCredentials() {
        let policies = [PolicyGenerator.requireMFA()]
        #expect(Self.decide(policies, "iam:EnableMFADevice", Self.alice, Self.keys) == .allowed)
        #expect(
            Self.decide(policies, "iam:EnableMFADevice", "arn:aws:iam::111122223333:user/bob", Self.keys)
                == .implicitDeny)
        #expect(Self.decide(policies, "iam:ChangePassword", Self.alice, Self.noMFA) == .explicitDeny)
        #expect(Self.decide(policies, "iam:ChangePassword", Self.alice, Self.fresh) == .allowed)
        #expect(
            Self.decide(policies, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob", Self.fresh)
                == .implicitDeny)
        #expect(Self.decide(policies, "s3:GetObject", nil, Self.fresh) == .implicitDeny)
    }

    @Test func requireMFAWithMaxAgeDeniesOldSessions() {
        let policies = [Self.admin, PolicyGenerator.requireMFA(maxAge: 3600)]
        #expect(Self.decide(policies, "s3:GetObject", nil, Self.fresh) == .allowed)
        #expect(Self.decide(policies, "s3:GetObject", nil, Self.old) == .explicitDeny)
        #expect(Self.decide(policies, "s3:GetObject", nil, Self.keys) == .explicitDeny)
        #expect(Self.decide(policies, "sts:GetSessionToken", nil, Self.old) == .allowed)
    }

    @Test func selfManageMFAUsesTheCallersOwnName() {
        let policies = [PolicyGenerator.selfManageMFA()]
        for state in [Self.keys, Self.noMFA, Self.fresh] {
            #expect(Self.decide(policies, "iam:EnableMFADevice", Self.alice, state) == .allowed)
            #expect(Self.decide(policies, "iam:ResyncMFADevice", Self.alice, state) == .allowed)
            #expect(
                Self.decide(policies, "iam:EnableMFADevice", "arn:aws:iam::111122223333:user/bob", state)
                    == .implicitDeny)
            #expect(
                Self.decide(policies, "iam:CreateVirtualMFADevice", "arn:aws:iam::111122223333:mfa/alice", state)
                    == .allowed)
            #expect(Self.decide(policies, "s3:GetObject", nil, state) == .implicitDeny)
        }
        #expect(Self.decide(policies, "iam:DeactivateMFADevice", Self.alice, Self.keys) == .implicitDeny)
        #expect(Self.decide(policies, "iam:DeactivateMFADevice", Self.alice, Self.noMFA) == .implicitDeny)
        #expect(Self.decide(policies, "iam:DeactivateMFADevice", Self.alice, Self.fresh) == .allowed)
        let withoutName = PolicyEvaluator(policies: policies).evaluate(
            AccessRequest(
                action: "iam:EnableMFADevice", resource: Self.alice, context: Self.context(Self.fresh, user: nil)))
        #expect(withoutName.outcome == .implicitDeny)
    }

    @Test func mfaTrustRequiresMFAOfTheAccountsPrincipals() {
        let trust = TrustPolicyEvaluator(
            trust: PolicyGenerator.mfaTrust(accounts: ["111122223333"], maxAge: 3600), roleAccount: "111122223333")
        let caller = CallerIdentity(arn: Self.alice, account: "111122223333")
        func decide(_ state: MFAState, _ caller: CallerIdentity) -> DecisionOutcome {
            trust.evaluate(AccessRequest(action: "sts:AssumeRole", context: state.context, caller: caller)).outcome
        }
        #expect(decide(Self.keys, caller) == .implicitDeny)
        #expect(decide(Self.noMFA, caller) == .implicitDeny)
        #expect(decide(Self.fresh, caller) == .allowed)
        #expect(decide(Self.old, caller) == .implicitDeny)
        #expect(
            decide(Self.fresh, CallerIdentity(arn: "arn:aws:iam::444455556666:user/eve", account: "444455556666"))
                == .implicitDeny)
        #expect(TrustAnalysis.allowsAccountPrincipalsWithoutMFA(trust.trust.document, account: "111122223333").isEmpty)
        // The account principal delegates to the caller's identity policies, which must allow too.
        let identity = PolicyEvaluator(policies: [
            PolicyDocument(statements: [
                Statement(effect: .allow, action: .action(["s3:*"]), resource: .resource(["*"]))
            ])
        ])
        let delegated = trust.evaluate(
            AccessRequest(action: "sts:AssumeRole", context: Self.fresh.context, caller: caller), identity: identity)
        #expect(delegated.outcome == .implicitDeny)
    }

    @Test func mfaMaxAgeDeniesProtectedActionsWithoutRecentMFA() {
        let policies = [Self.admin, PolicyGenerator.mfaMaxAge(actions: ["s3:Delete*"], maxAge: 300)]
        #expect(Self.decide(policies, "s3:DeleteObject", nil, Self.keys) == .explicitDeny)
        #expect(Self.decide(policies, "s3:DeleteObject", nil, Self.noMFA) == .explicitDeny)
        #expect(Self.decide(policies, "s3:DeleteObject", nil, Self.fresh) == .allowed)
        #expect(Self.decide(policies, "s3:DeleteObject", nil, Self.old) == .explicitDeny)
        #expect(Self.decide(policies, "s3:GetObject", nil, Self.keys) == .allowed)
        #expect(Self.decide(policies, "S3:deleteBucket", nil, Self.old) == .explicitDeny)
    }
}
