import Foundation
import TestSupport
import Testing

/// `mfaguard audit` and `snapshot` when the data calls are answered like a broken gateway (issue 13):
/// never "No findings" with exit 0 — the audit is partial (exit 4, `partial: true`, each failed call
/// named in `errors`). Likewise `whoami` and `device create` fail (exit 3) rather than report emptiness.
@Suite struct HostileAuditTests {
    static let dataCalls = [
        "GetAccountAuthorizationDetails", "GetCredentialReport", "ListVirtualMFADevices", "GetAccountSummary",
    ]

    func run(_ arguments: [String], _ environment: [String: String?], home: String) throws -> ChildProcess.Result {
        var changes: [String: String?] = [
            "HOME": home, "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST", "AWS_SECRET_ACCESS_KEY": "testsecret",
            "AWS_REGION": "us-east-1", "NO_COLOR": "1", "AWS_MAX_ATTEMPTS": "2",
        ]
        for (key, value) in environment { changes[key] = value }
        return try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, arguments, environment: ChildProcess.environment(changes))
    }

    func report(_ result: ChildProcess.Result) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "stderr: \(result.stderr)")
    }

    func failedOperations(_ report: [String: Any]) -> [String] {
        (report["errors"] as? [[String: Any]] ?? []).compactMap { $0["operation"] as? String }
    }

    @Test func fourDataCallsAnsweredWith200AndAnErrorMakeAPartialAudit() throws {
        let proxy = try FaultProxy.start(
            upstream: try Moto.shared(), failActions: Self.dataCalls.map { "\($0)@200:AccessDenied:gateway said no" })
        let home = try makeTemporaryDirectory("hostile-audit")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try run(["audit", "--format", "json"], ["AWS_ENDPOINT_URL": proxy.url], home: home)
        #expect(result.status == 4, "stderr: \(result.stderr)")
        let report = try report(result)
        #expect(report["partial"] as? Bool == true)
        let failed = failedOperations(report)
        for call in Self.dataCalls { #expect(failed.contains { $0.contains(call) }, "\(call) not in \(failed)") }
        #expect(
            (report["errors"] as? [[String: Any]] ?? []).allSatisfy {
                ($0["message"] as? String)?.contains("AccessDenied: gateway said no") == true
            })
    }

    @Test func accountDetailsWithoutTheirResultElementMakeAPartialAudit() throws {
        let endpoint = try HostileEndpoint.start(["--mode", "answer", "--template", "no-result"])
        let home = try makeTemporaryDirectory("hostile-audit")
        defer { try? FileManager.default.removeItem(atPath: home) }
        // STS from the emulator, IAM from the broken gateway.
        let result = try run(
            ["audit", "--format", "json"],
            ["AWS_ENDPOINT_URL_STS": try Moto.shared().url, "AWS_ENDPOINT_URL_IAM": endpoint.url], home: home)
        #expect(result.status == 4, "stderr: \(result.stderr)")
        let report = try report(result)
        #expect(report["partial"] as? Bool == true)
        let failed = failedOperations(report)
        #expect(failed.contains("GetAccountAuthorizationDetails"), "\(failed)")
        #expect(failed.count == 4, "\(failed)")
    }

    @Test func aCaptivePortalOnEveryIAMCallIsNamedForEachCall() throws {
        let endpoint = try HostileEndpoint.start(["--mode", "answer", "--template", "xhtml"])
        let home = try makeTemporaryDirectory("hostile-audit")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try run(
            ["audit", "--format", "json"],
            ["AWS_ENDPOINT_URL_STS": try Moto.shared().url, "AWS_ENDPOINT_URL_IAM": endpoint.url], home: home)
        #expect(result.status == 4, "stderr: \(result.stderr)")
        let errors = try report(result)["errors"] as? [[String: Any]] ?? []
        #expect(errors.count == 4, "\(errors)")
        #expect(errors.allSatisfy { ($0["message"] as? String)?.contains("an HTML page, not an AWS answer") == true })
    }

    @Test func snapshotRecordsTheCallsThatGaveNoAnswer() throws {
        let endpoint = try HostileEndpoint.start(["--mode", "answer", "--template", "error-response"])
        let home = try makeTemporaryDirectory("hostile-audit")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let output = home + "/snapshot.json"
        let result = try run(
            ["snapshot", "--output", output],
            ["AWS_ENDPOINT_URL_STS": try Moto.shared().url, "AWS_ENDPOINT_URL_IAM": endpoint.url], home: home)
        #expect(result.status == 4, "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("mfaguard: not collected: ") })
        let snapshot = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect((snapshot["errors"] as? [Any])?.count == 4)
        // The snapshot audited offline is partial too, never an all clear.
        let offline = try run(["audit", "--snapshot", output, "--format", "json"], [:], home: home)
        #expect(offline.status == 4, "stderr: \(offline.stderr)")
    }

    @Test func whoamiWithoutAnIdentityFails() throws {
        let proxy = try FaultProxy.start(
            upstream: try Moto.shared(), failActions: ["GetCallerIdentity@200:AccessDenied:no identity here"])
        let home = try makeTemporaryDirectory("hostile-audit")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try run(["whoami"], ["AWS_ENDPOINT_URL": proxy.url], home: home)
        #expect(result.status == 3)
        #expect(
            result.stderr
                == "mfaguard: STS.GetCallerIdentity failed: AccessDenied: no identity here [request id proxy-fault]\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func aCreatedDeviceWithoutItsSeedIsAnErrorAndWritesNothing() throws {
        let body =
            "<CreateVirtualMFADeviceResponse><CreateVirtualMFADeviceResult><VirtualMFADevice>"
            + "<SerialNumber>arn:aws:iam::123456789012:mfa/x</SerialNumber></VirtualMFADevice>"
            + "</CreateVirtualMFADeviceResult></CreateVirtualMFADeviceResponse>"
        let endpoint = try HostileEndpoint.start(["--mode", "answer", "--body", body])
        let home = try makeTemporaryDirectory("hostile-audit")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let seedFile = home + "/seed.txt"
        let result = try run(
            ["device", "create", "--name", "x", "--user", "alice", "--secret-out", seedFile, "--no-qr"],
            ["AWS_ENDPOINT_URL_STS": try Moto.shared().url, "AWS_ENDPOINT_URL_IAM": endpoint.url], home: home)
        #expect(result.status == 3, "stderr: \(result.stderr)")
        #expect(result.stderr == "mfaguard: IAM.CreateVirtualMFADevice failed: the answer has no <Base32StringSeed>\n")
        #expect(!FileManager.default.fileExists(atPath: seedFile))
    }
}
