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
        #expect(Set(Self.cases.map(\.0)) == Set(LintRule.allCases))
        #expect(Set(LintRule.allCases.map(\.rawValue)).count == LintRule.allCases.count)
        #expect(LintRule.allCases.allSatisfy { $0.rawValue.hasPrefix("mfa-") && !$0.fix.isEmpty })
    }

    @Test func lockoutFindingNamesTheBlockedActionsAndTheStatement() throws {
        let document = try Self.doc(
            #"{"Effect": "Allow", "Action": "*", "Resource": "*"},"#
                + #"{"Sid": "Block", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        )
        let findings = PolicyLinter.lint(document)
        #expect(findings.count == 1)
        #expect(findings.first?.statement == 1 && findings.first?.sid == "Block")
        #expect(findings.first?.detail.contains("sts:GetSessionToken") == true)
        #expect(findings.first?.detail.contains("iam:") == false)
    }

    @Test func awsRecommendedPolicyIsClean() {
        #expect(PolicyLinter.lint(PolicyGenerator.requireMFA()).isEmpty)
    }
}
