import Foundation
import MFAGuardConsole

@testable import MFAGuardKit

/// Realistic reports for the renderer tests: every rule fires more than once, one finding is exempted, one
/// collection failed, and names carry what each format must escape (quotes, `<`, `&`, commas, line breaks,
/// formula starters, non-ASCII).
enum SampleReports {
    static let account = "123456789012"
    /// 2026-11-18T11:06:40Z.
    static let generatedAt = Date(timeIntervalSince1970: 1_795_000_000)
    /// 3h 20m before `generatedAt`.
    static let dataAsOf = Date(timeIntervalSince1970: 1_795_000_000 - 12_000)

    /// Principal names that need escaping somewhere.
    static let awkwardNames = [
        "alice", "bob \"the builder\"", "carol,ops", "dave<admin>&co", "émile-zoë-名前", "eve\nsecond line",
        "=HYPERLINK(\"x\")", "o'brien",
    ]

    static func user(_ name: String) -> String { "arn:aws:iam::\(account):user/\(name)" }
    static func role(_ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }

    static let exemption = AppliedExemption(
        reason: "Break-glass user, \"sealed\" in the <safe> & audited", owner: "sec-team@example.com",
        expires: "2027-03-31")

    static let collectionError = AuditReport.CollectionError(
        operation: "GetAccountAuthorizationDetails",
        message: "AccessDenied: User \"auditor\" is not authorized to perform iam:GetAccountAuthorizationDetails <&>")

    /// All the findings: two or more of every rule.
    static var findings: [Finding] {
        var findings: [Finding] = []
        let root = "arn:aws:iam::\(account):root"
        findings.append(
            Finding(
                rule: .rootMFA, resource: root, principal: nil, title: "The root user has no MFA",
                detail: "Password last used 2026-11-01.", remediation: "Sign in as root and assign an MFA device"))
        findings.append(
            Finding(
                rule: .rootMFA, resource: "arn:aws:iam::210987654321:root", principal: "<root_account>",
                title: "The root user of member account 210987654321 has no MFA",
                detail: "Root access keys are active.",
                remediation: "aws iam delete-access-key --access-key-id AKIA…XYZ"))
        findings.append(
            Finding(
                rule: .rootHardwareMFA, resource: "arn:aws:iam::456789012345:root", principal: "<root_account>",
                title: "The root user's MFA is virtual", detail: "Device root-account-mfa-device",
                remediation: "Assign a hardware token to the root user"))
        findings.append(
            Finding(
                rule: .rootHardwareMFA, resource: "arn:aws:iam::345678901234:root", principal: nil,
                title: "The root user's MFA is virtual (member account)", detail: "",
                remediation: "Assign a hardware token to the root user of 345678901234"))
        for name in awkwardNames {
            findings.append(
                Finding(
                    rule: .consoleUserMFA, resource: user(name), principal: name,
                    title: "Console user \(name) has no MFA device",
                    detail: "Password enabled, last used 2026-11-17.\nNo MFA device.",
                    remediation: "mfaguard device create --user '\(name)' --png \(name.prefix(3)).png"))
        }
        var breakGlass = Finding(
            rule: .consoleUserMFA, resource: user("break-glass"), principal: "break-glass",
            title: "Console user break-glass has no MFA device", detail: "Password enabled.",
            remediation: "mfaguard device create --user break-glass")
        breakGlass.exemption = exemption
        findings.append(breakGlass)
        for name in ["alice", "dave<admin>&co", "ci-deployer"] {
            findings.append(
                Finding(
                    rule: .accessKeyUnguarded, resource: user(name), principal: name,
                    title: "Access key of \(name) can act without MFA",
                    detail: "Allows s3:PutObject, ec2:RunInstances without MFA.",
                    remediation: "mfaguard enforce plan --group mfa-required --users '\(name)'"))
        }
        for (name, resource) in [
            ("Admins", "arn:aws:iam::\(account):group/Admins"),
            (nil, "arn:aws:iam::\(account):policy/PowerUsers,Legacy"),
        ] {
            findings.append(
                Finding(
                    rule: .unguardedPermissions, resource: resource, principal: name,
                    title: "Privileged actions allowed without MFA", detail: "iam:* allowed without MFA.",
                    remediation: "mfaguard policy generate require-mfa > require-mfa.json"))
        }
        for name in ["deploy", "Ops & \"Friends\""] {
            findings.append(
                Finding(
                    rule: .roleTrustWithoutMFA, resource: role(name), principal: name,
                    title: "Role \(name) can be assumed without MFA", detail: "Trusts arn:aws:iam::\(account):root.",
                    remediation: "mfaguard policy generate mfa-trust --account \(account)"))
        }
        for name in ["carol,ops", "émile-zoë-名前"] {
            findings.append(
                Finding(
                    rule: .mfaSelfServiceMissing, resource: user(name), principal: name,
                    title: "\(name) cannot enrol their own MFA device", detail: "No iam:CreateVirtualMFADevice.",
                    remediation: "mfaguard policy generate self-manage-mfa"))
        }
        for name in ["dev-role", "analyst"] {
            findings.append(
                Finding(
                    rule: .mfaMaxAgeMissing, resource: role(name), principal: name,
                    title: "MFA-gated permissions of \(name) have no maximum age", detail: "",
                    remediation: "mfaguard policy generate mfa-max-age --max-age 3600"))
        }
        for (name, resource) in [
            (nil, "arn:aws:iam::\(account):policy/DenyWithoutMFA"),
            ("bob \"the builder\"", user("bob \"the builder\"")),
        ] {
            findings.append(
                Finding(
                    rule: .policyMFAPitfall, resource: resource, principal: name,
                    title: "Deny on aws:MultiFactorAuthPresent false never applies to access keys",
                    detail: "Statement \"DenyAllExceptListedIfNoMFA\": Bool false; use BoolIfExists.",
                    remediation: "mfaguard policy lint policy.json"))
        }
        for device in ["alice", "temp-device"] {
            findings.append(
                Finding(
                    rule: .orphanVirtualMFA, resource: "arn:aws:iam::\(account):mfa/\(device)", principal: nil,
                    title: "Virtual MFA device \(device) is assigned to no one", detail: "",
                    remediation:
                        "aws iam delete-virtual-mfa-device --serial-number arn:aws:iam::\(account):mfa/\(device)"
                ))
        }
        return findings
    }

    /// A partial run with every kind of finding.
    static func partial() -> AuditReport {
        AuditReport(
            generatedAt: generatedAt, dataAsOf: dataAsOf, account: .init(id: account, partition: "aws"),
            findings: findings, errors: [collectionError], users: 42, roles: 17, policies: 63)
    }

    /// A complete run with every kind of finding.
    static func complete() -> AuditReport {
        AuditReport(
            generatedAt: generatedAt, dataAsOf: dataAsOf, account: .init(id: account, partition: "aws"),
            findings: findings, errors: [], users: 42, roles: 17, policies: 63)
    }

    /// A complete run that found nothing.
    static func clean() -> AuditReport {
        AuditReport(
            generatedAt: generatedAt, dataAsOf: nil, account: .init(id: account, partition: "aws-us-gov"),
            findings: [], errors: [], users: 3, roles: 2, policies: 5)
    }

    /// A complete run with only findings of the given severities (one each, of a rule of that severity).
    static func only(_ severities: [Severity]) -> AuditReport {
        let findings = severities.map { severity in
            let rule = AuditRule.all.first { $0.severity == severity }!
            return Finding(
                rule: rule, resource: user("u-\(severity.rawValue)"), principal: "u-\(severity.rawValue)",
                title: rule.name, detail: "", remediation: "true")
        }
        return AuditReport(
            generatedAt: generatedAt, dataAsOf: dataAsOf, account: .init(id: account, partition: "aws"),
            findings: findings, errors: [], users: 1, roles: 0, policies: 0)
    }
}
