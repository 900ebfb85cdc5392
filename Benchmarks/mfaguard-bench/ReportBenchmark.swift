import Foundation
import MFAGuardConsole
import MFAGuardKit

/// Time to render a large account's report in every format: 5,000 users, each with a console-MFA and an
/// access-key finding, plus 500 role findings (10,500 findings). Prints the best of five runs per format.
enum ReportBenchmark {
    static func run() throws {
        let account = "123456789012"
        var findings: [Finding] = []
        for index in 0..<5000 {
            let name = "user-\(index)"
            let arn = "arn:aws:iam::\(account):user/\(name)"
            findings.append(
                Finding(
                    rule: .consoleUserMFA, resource: arn, principal: name, title: "Console user \(name) has no MFA",
                    detail: "Password enabled.", remediation: "mfaguard device create --user \(name)"))
            findings.append(
                Finding(
                    rule: .accessKeyUnguarded, resource: arn, principal: name, title: "Access key usable without MFA",
                    detail: "Allows s3:PutObject.", remediation: "mfaguard enforce plan --group mfa --users \(name)"))
        }
        for index in 0..<500 {
            let name = "role-\(index)"
            findings.append(
                Finding(
                    rule: .roleTrustWithoutMFA, resource: "arn:aws:iam::\(account):role/\(name)", principal: name,
                    title: "Role \(name) assumable without MFA", detail: "",
                    remediation: "mfaguard policy generate mfa-trust"))
        }
        let report = AuditReport(
            generatedAt: Date(), dataAsOf: Date(), account: .init(id: account, partition: "aws"), findings: findings,
            errors: [], users: 5000, roles: 500, policies: 800)
        print("report rendering, \(findings.count) findings (best of 5):")
        for format in ReportFormat.allCases {
            var best = Duration.seconds(1_000_000)
            var bytes = 0
            for _ in 0..<5 {
                let clock = ContinuousClock()
                let start = clock.now
                bytes = try ReportRenderer.render(report, as: format, options: .init(color: true)).utf8.count
                best = min(best, clock.now - start)
            }
            let milliseconds = Double(best.components.seconds) * 1000 + Double(best.components.attoseconds) / 1e15
            print(
                "  \(format.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))"
                    + "\(String(format: "%8.1f", milliseconds)) ms  \(bytes / 1024) KiB")
        }
    }
}
