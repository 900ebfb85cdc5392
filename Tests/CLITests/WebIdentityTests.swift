import Foundation
import TestSupport
import Testing

/// Web identity credentials (GitHub Actions, GitLab CI, EKS IRSA) against moto's
/// `AssumeRoleWithWebIdentity`, through the signature-checking proxy: the call goes unsigned with the
/// token from the file, and the role's credentials sign what follows.
@Suite struct WebIdentityTests {
    static let role = "arn:aws:iam::123456789012:role/ci-deploy"

    func run(_ environment: [String: String?], home: String, arguments: [String] = []) throws -> (
        ChildProcess.Result, FaultProxy.Stats
    ) {
        let proxy = try FaultProxy.start(upstream: try Moto.shared())
        var changes: [String: String?] = [
            "HOME": home, "AWS_ENDPOINT_URL": proxy.url, "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": home + "/config", "AWS_SHARED_CREDENTIALS_FILE": home + "/credentials",
        ]
        for (key, value) in environment { changes[key] = value }
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami", "--format", "json"] + arguments,
            environment: ChildProcess.environment(changes))
        return (result, try FaultProxy.stats(proxy))
    }

    @Test func fromTheEnvironment() throws {
        let home = try makeTemporaryDirectory("web-identity")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ.sig\n".write(
            toFile: home + "/token", atomically: true, encoding: .utf8)
        let (result, stats) = try run(
            [
                "AWS_WEB_IDENTITY_TOKEN_FILE": home + "/token", "AWS_ROLE_ARN": Self.role,
                "AWS_ROLE_SESSION_NAME": "build-42",
            ], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        #expect((report?["CredentialSource"] as? String) == "web identity (assumed \(Self.role))")
        #expect((report?["Arn"] as? String)?.hasSuffix(":assumed-role/ci-deploy/build-42") == true, "\(result.stdout)")
        let call = stats.last_parameters["AssumeRoleWithWebIdentity"]
        #expect(call?["WebIdentityToken"] == "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ.sig")
        #expect(call?["RoleSessionName"] == "build-42")
        // Unsigned, as the API wants it; what follows is signed with the role's keys.
        #expect(stats.signature_failures.map(\.action) == ["AssumeRoleWithWebIdentity"])
        #expect(stats.signature_failures.first?.problem == "no SigV4 Authorization header")
        #expect(stats.actions["GetCallerIdentity"] == 1)
        #expect(!result.stderr.contains("eyJ"), "the token never reaches a message")
    }

    @Test func fromAProfile() throws {
        let home = try makeTemporaryDirectory("web-identity")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "token-from-profile".write(toFile: home + "/token", atomically: true, encoding: .utf8)
        try "[profile ci]\nrole_arn = \(Self.role)\nweb_identity_token_file = \(home)/token\n".write(
            toFile: home + "/config", atomically: true, encoding: .utf8)
        let (result, stats) = try run([:], home: home, arguments: ["--profile", "ci"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(stats.last_parameters["AssumeRoleWithWebIdentity"]?["WebIdentityToken"] == "token-from-profile")
    }

    @Test func anUnreadableTokenFileIsOneLine() throws {
        let home = try makeTemporaryDirectory("web-identity")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let (result, stats) = try run(
            ["AWS_WEB_IDENTITY_TOKEN_FILE": home + "/missing", "AWS_ROLE_ARN": Self.role], home: home)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "mfaguard: web identity (AWS_WEB_IDENTITY_TOKEN_FILE): cannot read \(home)/missing: No such file or directory\n"
        )
        #expect(stats.requests == 0)
    }
}
