import Testing

@testable import IAMPolicy

/// Each lint rule fires on the pitfall it names and stays silent on the documented fix.
/// Sources: reference_policies_condition-keys.html#condition-keys-multifactorauthpresent and
/// #condition-keys-multifactorauthage, id_credentials_mfa_configure-api-require.html.
@Suite("MFA lint")
struct LintTests {
    static func doc(_ statements: String) throws -> PolicyDocument {
        try policy(#"{"Version": "2012-10-17", "Statement": [\#(statements)]}"#)
    }

    static let cases: [(LintRule, String, String)] = [
        (
            .boolFalseInDeny,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ),
        (
            .ageWithoutNullGuard,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}}"#,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}},"#
                + #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthAge": "true"}}}"#
        ),
        (
            .notActionLockout,
            #"{"Effect": "Deny", "NotAction": ["iam:ListMFADevices", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
            #"{"Effect": "Deny", "NotAction": ["iam:*MFADevice*", "iam:GetUser", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ),
        (
            .stringOperatorOnMFAKey,
            #"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            #"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ),
        (
            .trustBoolIfExists,
            #"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            #"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ),
        (
            .allowBoolIfExists,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ),
        (
            .nullFalseAsMFA,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}}"#,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ),
        (
            .setOperatorOnMFAKey,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"ForAllValues:NumericLessThan": {"aws:MultiFactorAuthAge": "300"}}}"#,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "300"}}}"#
        ),
        (
            .invalidMFAValue,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "yes"}}}"#,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}}"#
        ),
        (
            .ageBoundReversed,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "300"}}}"#,
            #"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "300"}}}"#
        ),
        (
            .denyWhenMFAPresent,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
            #"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ),
        (
            .selfServiceConvenience,
            #"{"Effect": "Deny", "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
            #"{"Effect": "Deny", "NotAction": ["iam:*MFADevice*", "iam:GetUser"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ),
        (
            .unknownMFAKey,
            #"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MFAPresent": "true"}}}"#,
            #"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:multifactorauthpresent": "true"}}}"#
        ),
    ]

    @Test(arguments: cases.map(\.0))
    func ruleFiresOnThePitfallAndNotOnTheFix(rule: LintRule) throws {
        let (_, bad, good) = Self.cases.first { $0.0 == rule }!
        let findings = PolicyLinter.lint(try Self.doc(bad))
        #expect(findings.map(\.rule).contains(rule))
        #expect(findings.allSatisfy { $0.statement == 0 })
        #expect(!PolicyLinter.lint(try Self.doc(good)).map(\.rule).contains(rule))
    }

    @Test func everyRuleHasATestAndAStableUniqueId() {
        // The repeated-member rule reads text, not a document: DuplicateKeyTests has its cases.
        #expect(Set(Self.cases.map(\.0)).union([.duplicateKey]) == Set(LintRule.allCases))
        #expect(Set(LintRule.allCases.map(\.rawValue)).count == LintRule.allCases.count)
        #expect(
            LintRule.allCases.allSatisfy {
                ($0.rawValue.hasPrefix("mfa-") || $0 == .duplicateKey) && !$0.fix.isEmpty
            })
    }

    /// A NotAction of `iam:*` leaves enrolment open; leaving out sts:GetSessionToken blocks nothing, as
    /// policies cannot deny it (IAM User Guide, "Permissions for GetSessionToken").
    @Test func notActionWithoutGetSessionTokenIsNoLockout() throws {
        let document = try Self.doc(
            #"{"Effect": "Allow", "Action": "*", "Resource": "*"},"#
                + #"{"Sid": "Block", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        )
        #expect(PolicyLinter.lint(document).isEmpty)
    }

    @Test func lockoutFindingNamesTheBlockedActionsAndTheStatement() throws {
        let document = try Self.doc(
            #"{"Effect": "Allow", "Action": "*", "Resource": "*"},"#
                + #"{"Sid": "Block", "Effect": "Deny", "NotAction": ["iam:CreateVirtualMFADevice", "iam:List*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        )
        let findings = PolicyLinter.lint(document)
        let lockout = try #require(findings.first { $0.rule == .notActionLockout })
        #expect(lockout.statement == 1 && lockout.sid == "Block")
        #expect(lockout.severity == .high)
        #expect(lockout.detail.contains("iam:EnableMFADevice"))
        #expect(!lockout.detail.contains("iam:CreateVirtualMFADevice"))
        #expect(!lockout.detail.contains("sts:"))
        // The conveniences it also denies are a separate, low note that says what they cost.
        let note = try #require(findings.first { $0.rule == .selfServiceConvenience })
        #expect(note.severity == .low)
        #expect(note.detail.contains("iam:GetUser") && note.detail.contains("iam:ResyncMFADevice"))
        #expect(!note.detail.contains("iam:ListMFADevices"))
    }

    /// True lock-outs stay high whatever their form: an Action list, or a NotAction without an enrolment
    /// action, in a statement that applies without MFA (console or access keys).
    @Test(arguments: [
        #"{"Effect": "Deny", "Action": "iam:EnableMFADevice", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
        #"{"Effect": "Deny", "Action": ["iam:CreateVirtualMFADevice"], "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
        #"{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthAge": "true"}}}"#,
        #"{"Effect": "Deny", "NotAction": ["iam:CreateVirtualMFADevice", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
    ])
    func denyingEnrolmentWithoutMFAIsALockout(statement: String) throws {
        let findings = PolicyLinter.lint(try Self.doc(statement))
        #expect(findings.contains { $0.rule == .notActionLockout && $0.severity == .high })
    }

    /// A Deny that only applies to other users' devices (NotResource the user's own) locks nobody out.
    @Test func denyOfOtherUsersDevicesIsNoLockout() throws {
        let document = try Self.doc(
            #"{"Effect": "Deny", "Action": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"], "NotResource": ["arn:aws:iam::*:mfa/${aws:username}", "arn:aws:iam::*:user/${aws:username}"], "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        )
        #expect(!PolicyLinter.lint(document).contains { $0.rule == .notActionLockout })
    }

    /// AWS's own MFA example policies, current and earlier texts (Fixtures/aws-mfa-examples/README.md):
    /// no high or medium finding; what they deny before MFA beyond enrolment is at most a low note.
    @Test(arguments: [
        "self-manage-mfa-device-current.json", "self-manage-mfa-device-earlier.json",
        "manage-own-credentials-with-mfa.json",
    ])
    func awsExamplePoliciesHaveNoHighOrMediumFinding(file: String) throws {
        let text = String(decoding: try TestPaths.fixture("aws-mfa-examples/" + file), as: UTF8.self)
        let findings = PolicyLinter.lint(try policy(text))
        #expect(findings.allSatisfy { $0.severity == .low }, "\(findings.map { "\($0.id): \($0.detail)" })")
        #expect(!findings.contains { $0.rule == .notActionLockout })
    }

    /// The self-manage example's Deny leaves out iam:GetUser and iam:GetMFADevice: a low note naming both.
    @Test func selfManageExampleGetsALowNoteNamingWhatItDenies() throws {
        let text = String(
            decoding: try TestPaths.fixture("aws-mfa-examples/self-manage-mfa-device-current.json"), as: UTF8.self)
        let notes = PolicyLinter.lint(try policy(text))
        #expect(notes.map(\.rule) == [.selfServiceConvenience])
        #expect(notes.first?.detail.contains("iam:GetUser") == true)
        #expect(notes.first?.detail.contains("iam:GetMFADevice") == true)
        #expect(notes.first?.sid == "BlockMostAccessUnlessSignedInWithMFA")
    }

    /// Policies do not govern sts:GetSessionToken and sts:GetCallerIdentity: not even an explicit Deny.
    @Test func ungovernedActionsAreAllowedWhatever() throws {
        let deny = try Self.doc(#"{"Effect": "Deny", "Action": "sts:*", "Resource": "*"}"#)
        let evaluator = PolicyEvaluator(policies: [deny])
        for action in ["sts:GetSessionToken", "STS:getcalleridentity"] {
            let decision = evaluator.evaluate(AccessRequest(action: action))
            #expect(decision.outcome == .allowed && decision.notGovernedByPolicies)
            #expect(evaluator.decide(AccessRequest(action: action)) == .allowed)
        }
        #expect(evaluator.decide(AccessRequest(action: "sts:AssumeRole")) == .explicitDeny)
    }

    @Test func awsRecommendedPolicyIsClean() {
        #expect(PolicyLinter.lint(PolicyGenerator.requireMFA()).isEmpty)
    }
}
