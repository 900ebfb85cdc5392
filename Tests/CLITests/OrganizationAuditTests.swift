import Foundation
import TestSupport
import Testing

/// `mfaguard audit --organization --role NAME` against moto seeded with an organization of three
/// accounts by scripts/testing/seed_organization.py (boto3), through the signature-checking proxy.
@Suite(.serialized) struct OrganizationAuditTests {
    struct Seed: Decodable, Sendable {
        var management: String
        var accounts: [String: String]
    }

    static let role = "OrganizationAccountAccessRole"

    static let seeded: Result<(BackgroundService, Seed), any Error> = Result {
        let moto = try Moto.dedicated()
        let result = try ChildProcess.run(
            "python3",
            [
                TestPaths.repoRoot.appendingPathComponent("scripts/testing/seed_organization.py").path, "--endpoint",
                moto.url, "--role", role,
            ])
        guard result.status == 0 else { throw TestSupportError("seeding failed: \(result.stderr)") }
        return (moto, try JSONDecoder().decode(Seed.self, from: result.stdoutData))
    }

    func audit(_ arguments: [String], endpoint: String) throws -> ChildProcess.Result {
        let home = try makeTemporaryDirectory("org-audit-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        return try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["audit"] + arguments,
            environment: ChildProcess.environment([
                "HOME": home, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST",
                "AWS_SECRET_ACCESS_KEY": "testsecret", "AWS_REGION": "us-east-1", "NO_COLOR": "1",
            ]))
    }

    func json(_ result: ChildProcess.Result) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "stderr: \(result.stderr)")
    }

    func findings(_ report: [String: Any]) -> Set<String> {
        Set(
            (report["findings"] as? [[String: Any]] ?? []).map {
                "\($0["rule"] as? String ?? "") \($0["resource"] as? String ?? "")"
            })
    }

    @Test func everyAccountIsAuditedThroughTheRole() throws {
        let (moto, seed) = try Self.seeded.get()
        let proxy = try FaultProxy.start(upstream: moto)
        let dev = try #require(seed.accounts["dev"])
        let prod = try #require(seed.accounts["prod"])
        let result = try audit(
            ["--organization", "--role", Self.role, "--format", "json", "--concurrency", "2"], endpoint: proxy.url)
        #expect(result.status == 1, "a high finding exists: \(result.stderr)")
        let report = try json(result)
        #expect(
            findings(report) == [
                "root-mfa arn:aws:iam::\(seed.management):root", "root-mfa arn:aws:iam::\(dev):root",
                "root-mfa arn:aws:iam::\(prod):root", "console-user-mfa arn:aws:iam::\(dev):user/dev-alice",
                "mfa-self-service-missing arn:aws:iam::\(dev):user/dev-alice",
            ])
        #expect((report["account"] as? [String: Any])?["id"] as? String == seed.management)
        let accounts = try #require(report["accounts"] as? [[String: Any]])
        #expect(Set(accounts.compactMap { $0["id"] as? String }) == [seed.management, dev, prod])
        #expect(accounts.allSatisfy { $0["status"] as? String == "audited" })
        #expect(accounts.first { $0["id"] as? String == dev }?["findings"] as? Int == 3)
        #expect(accounts.first { $0["id"] as? String == prod }?["findings"] as? Int == 1)
        // The management account is read with the caller's own keys; each member through one AssumeRole,
        // and every request (the members' too, with the assumed keys) carries a valid signature.
        let stats = try FaultProxy.stats(proxy)
        #expect(stats.actions["AssumeRole"] == 2)
        #expect(stats.last_parameters["AssumeRole"]?["RoleSessionName"] == "mfaguard-audit")
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")
        #expect(stats.signature_ok == stats.requests)

        // The report is valid against the published schema (the validator throws otherwise).
        let file = try ReportOracle.write(result.stdout, named: "organization-report.json")
        defer { ReportOracle.discard(file) }
        let schema = ReportOracle.repositoryRoot.appendingPathComponent("docs/report.schema.json").path
        _ = try ReportOracle.python("validate_json_report.py", [schema, file.path])

        let table = try audit(["--organization", "--role", Self.role], endpoint: moto.url)
        #expect(table.stdout.contains("organization of management account \(seed.management) (aws): 3 accounts"))
        #expect(table.stdout.contains("  \(dev)  dev: 3 finding(s)"), "\(table.stdout)")
    }

    @Test func anAccountWhoseRoleCannotBeAssumedMakesAPartialReport() throws {
        let (moto, seed) = try Self.seeded.get()
        // One account at a time, in Organizations' order (management, dev, prod): the first AssumeRole is dev's.
        let proxy = try FaultProxy.start(
            upstream: moto, failActions: ["AssumeRole*1:AccessDenied:not authorized to perform sts:AssumeRole"])
        let dev = try #require(seed.accounts["dev"])
        let prod = try #require(seed.accounts["prod"])
        let result = try audit(
            ["--organization", "--role", Self.role, "--format", "json", "--concurrency", "1"], endpoint: proxy.url)
        #expect(result.status == 4, "partial: \(result.stderr)")
        let report = try json(result)
        #expect(report["partial"] as? Bool == true)
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["operation"] as? String == "account \(dev) (dev) (through role \(Self.role))")
        #expect((errors.first?["message"] as? String)?.contains("not authorized to perform sts:AssumeRole") == true)
        let accounts = try #require(report["accounts"] as? [[String: Any]])
        #expect(accounts.first { $0["id"] as? String == dev }?["status"] as? String == "failed")
        #expect(accounts.first { $0["id"] as? String == prod }?["status"] as? String == "audited")
        #expect(findings(report).contains("root-mfa arn:aws:iam::\(prod):root"))
        #expect(!findings(report).contains { $0.contains(dev) })
    }

    @Test func notAnOrganizationIsAnAWSError() throws {
        let moto = try Moto.shared()
        let result = try audit(["--organization", "--role", Self.role], endpoint: moto.url)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("mfaguard: "), "\(result.stderr)")
        // AWS answers AWSOrganizationsNotInUseException; moto lists no account: either way, a clear error.
        #expect(
            result.stderr.contains("AWSOrganizationsNotInUseException")
                || result.stderr.contains("lists no active account"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        (["--organization"], "--organization needs --role NAME"),
        (["--role", "X"], "--role is for --organization"),
        (["--organization", "--role", "arn:aws:iam::1:role/X"], "--role takes a role name"),
        (["--organization", "--role", "X", "--snapshot", "s.json"], "--organization audits live accounts"),
        (["--organization", "--role", "X", "--concurrency", "0"], "--concurrency must be from 1 to 50"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let result = try audit(arguments, endpoint: "http://127.0.0.1:9")
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
