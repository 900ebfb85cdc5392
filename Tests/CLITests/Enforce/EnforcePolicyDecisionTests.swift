import Foundation
import IAMPolicy
import MFAGuardKit
import TestSupport
import Testing

/// The policies `mfaguard enforce apply` leaves in the account, read back from IAM (a snapshot of the
/// emulator), evaluated for the seeded users: with MFA allowed, without MFA only self-service, access
/// keys without MFA denied, an MFA sign-in older than --max-age denied.
@Suite struct EnforcePolicyDecisionTests {
    struct Case: CustomStringConvertible {
        var user: String
        var action: String
        var resource: String
        var state: MFAState
        var expected: DecisionOutcome
        var description: String { "\(user) \(action) \(resource) \(state) → \(expected)" }
    }

    static let arn = "arn:aws:iam::\(EnforceHarness.account)"
    static let mfa = MFAState.authenticated(age: 60)
    static let oldMFA = MFAState.authenticated(age: 7200)

    static let cases: [Case] = [
        // With MFA: the users' own permissions.
        Case(user: "dev-mfa-00000", action: "ec2:StartInstances", resource: "*", state: mfa, expected: .allowed),
        Case(
            user: "svc-admin-00002", action: "iam:CreateUser", resource: "\(arn):user/new", state: mfa,
            expected: .allowed),
        Case(
            user: "svc-readonly-00003", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", state: mfa,
            expected: .allowed),
        Case(
            user: "ops-trap-00005", action: "iam:CreateUser", resource: "\(arn):user/new", state: mfa,
            expected: .allowed),
        // An MFA sign-in older than --max-age 3600: denied, self-service aside.
        Case(
            user: "svc-admin-00002", action: "iam:CreateUser", resource: "\(arn):user/new", state: oldMFA,
            expected: .explicitDeny),
        Case(
            user: "dev-mfa-00000", action: "ec2:StartInstances", resource: "*", state: oldMFA, expected: .explicitDeny),
        // Console without MFA: only self-service, and only for oneself.
        Case(
            user: "dev-nomfa-00001", action: "ec2:StartInstances", resource: "*", state: .notAuthenticated,
            expected: .explicitDeny),
        Case(
            user: "dev-nomfa-00001", action: "iam:CreateVirtualMFADevice", resource: "\(arn):mfa/dev-nomfa-00001",
            state: .notAuthenticated, expected: .allowed),
        Case(
            user: "dev-nomfa-00001", action: "iam:EnableMFADevice", resource: "\(arn):user/dev-nomfa-00001",
            state: .notAuthenticated, expected: .allowed),
        Case(
            user: "dev-nomfa-00001", action: "iam:ListMFADevices", resource: "\(arn):user/dev-nomfa-00001",
            state: .notAuthenticated, expected: .allowed),
        Case(
            user: "dev-nomfa-00001", action: "iam:EnableMFADevice", resource: "\(arn):user/dev-mfa-00000",
            state: .notAuthenticated, expected: .implicitDeny),
        Case(
            user: "dev-nomfa-00001", action: "iam:DeactivateMFADevice", resource: "\(arn):user/dev-nomfa-00001",
            state: .notAuthenticated, expected: .explicitDeny),
        Case(
            user: "svc-admin-00002", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", state: .notAuthenticated,
            expected: .explicitDeny),
        // Access keys without MFA: denied, except getting an MFA session and enrolling.
        Case(
            user: "svc-admin-00002", action: "iam:CreateUser", resource: "\(arn):user/new", state: .keyAbsent,
            expected: .explicitDeny),
        Case(
            user: "svc-admin-00002", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", state: .keyAbsent,
            expected: .explicitDeny),
        Case(
            user: "ops-trap-00005", action: "iam:CreateUser", resource: "\(arn):user/new", state: .keyAbsent,
            expected: .explicitDeny),
        Case(
            user: "svc-readonly-00003", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", state: .keyAbsent,
            expected: .explicitDeny),
        Case(
            user: "svc-admin-00002", action: "sts:GetSessionToken", resource: "*", state: .keyAbsent, expected: .allowed
        ),
        Case(
            user: "svc-readonly-00003", action: "iam:CreateVirtualMFADevice", resource: "\(arn):mfa/svc-readonly-00003",
            state: .keyAbsent, expected: .allowed),
    ]

    @Test func appliedPoliciesGiveTheIntendedDecisionsForTheSeededUsers() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let applied = try harness.mfaguard([
            "enforce", "apply", "--yes", "--group", "mfa-required", "--max-age", "3600",
        ])
        try #require(applied.status == 0, "\(applied.stderr)")
        let path = harness.home + "/snapshot.json"
        let snapshot = try harness.mfaguard(["snapshot", "--output", path])
        try #require(snapshot.status == 0, "\(snapshot.stderr)")
        let policies = EffectivePolicies(try AccountSnapshot.load(from: path))
        for item in Self.cases {
            var context = item.state.context
            context["aws:username"] = [item.user]
            let decision = policies.policies(ofUser: item.user).evaluator.evaluate(
                AccessRequest(action: item.action, resource: item.resource, context: context))
            #expect(decision.outcome == item.expected, "\(item)")
        }
        // Before enforcement the same keys were not denied: the table above is the policies' doing.
        let unenforced = EffectivePolicies(try AccountSnapshot.load(from: path))
        var withoutGroup = unenforced
        withoutGroup.userGroups["svc-admin-00002"] = ["admins"]
        let decision = withoutGroup.policies(ofUser: "svc-admin-00002").evaluator.decide(
            AccessRequest(
                action: "iam:CreateUser", resource: "\(Self.arn):user/new", context: MFAState.keyAbsent.context))
        #expect(decision == .allowed)
    }
}
