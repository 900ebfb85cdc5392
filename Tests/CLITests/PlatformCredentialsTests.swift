import Foundation
import TestSupport
import Testing

/// The container (ECS, EKS Pod Identity) and EC2 instance metadata credential sources, against a
/// loopback server speaking their documented protocols (scripts/testing/metadata_server.py): botocore,
/// pointed at the same server, must resolve the same keys, and `whoami` must sign with them (session
/// token included) through the signature-checking proxy.
@Suite struct PlatformCredentialsTests {
    static let key = "ASIAPLATFORMTESTKEY"
    static let secret = "platform/secret+key"
    static let token = "FwoGZXIvYXdzEPlatformSessionToken=="

    struct Harness {
        let server: BackgroundService
        let proxy: BackgroundService
        let home: String

        init(_ arguments: [String] = []) throws {
            server = try BackgroundService(
                script: "metadata_server.py",
                arguments: [
                    "--key", PlatformCredentialsTests.key, "--secret", PlatformCredentialsTests.secret,
                    "--token", PlatformCredentialsTests.token, "--auth-token", "task-token-1",
                ] + arguments)
            proxy = try FaultProxy.start(
                upstream: try Moto.shared(), keys: [(PlatformCredentialsTests.key, PlatformCredentialsTests.secret)])
            home = try makeTemporaryDirectory("platform-credentials")
        }

        /// No keys, no profiles: only the platform can provide credentials.
        func environment(_ extra: [String: String?]) -> [String: String] {
            var changes: [String: String?] = [
                "HOME": home, "AWS_ENDPOINT_URL": proxy.url, "AWS_REGION": "us-east-1",
                "AWS_CONFIG_FILE": home + "/config", "AWS_SHARED_CREDENTIALS_FILE": home + "/credentials",
            ]
            for (key, value) in extra { changes[key] = value }
            return ChildProcess.environment(changes)
        }

        func whoami(_ extra: [String: String?], arguments: [String] = []) throws -> ChildProcess.Result {
            try ChildProcess.run(
                try TestPaths.mfaguardBinary.path, ["whoami", "--format", "json"] + arguments,
                environment: environment(extra))
        }

        /// What botocore resolves in the same environment: "KEY SECRET TOKEN", "none", or "error NAME".
        func botocore(_ extra: [String: String?]) throws -> String {
            let result = try ChildProcess.run(
                "python3",
                [
                    "-c",
                    "import botocore.session as s\ntry:\n c = s.Session().get_credentials()\n"
                        + " print('none' if c is None else ' '.join([c.access_key, c.secret_key, c.token or '']))\n"
                        + "except Exception as e:\n print('error', type(e).__name__)",
                ],
                environment: environment(extra))
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func remove() { try? FileManager.default.removeItem(atPath: home) }
    }

    static var expected: String { "\(key) \(secret) \(token)" }

    func checkSigned(_ harness: Harness, _ result: ChildProcess.Result, source: String) throws {
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        #expect((report?["CredentialSource"] as? String)?.contains(source) == true, "\(result.stdout)")
        let stats = try FaultProxy.stats(harness.proxy)
        #expect(stats.signature_ok >= 1)
        #expect(stats.signature_failures.isEmpty)
        #expect(stats.last_parameters["GetCallerIdentity"] != nil)
    }

    @Test func containerCredentialsAsBotocoreReadsThem() throws {
        let harness = try Harness()
        defer { harness.remove() }
        let extra: [String: String?] = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": harness.server.url + "/v2/credentials/test",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "task-token-1",
        ]
        #expect(try harness.botocore(extra) == Self.expected)
        try checkSigned(harness, try harness.whoami(extra), source: "container")
    }

    @Test func containerTokenFromAFile() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try "task-token-1".write(toFile: harness.home + "/token", atomically: true, encoding: .utf8)
        let extra: [String: String?] = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": harness.server.url + "/v2/credentials/test",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": harness.home + "/token",
        ]
        #expect(try harness.botocore(extra) == Self.expected)
        try checkSigned(harness, try harness.whoami(extra), source: "container")
    }

    /// Plain HTTP to a host that is neither loopback nor the ECS/EKS address: botocore refuses, so do we.
    @Test func containerURIOnAnotherHostIsRefused() throws {
        let harness = try Harness()
        defer { harness.remove() }
        let extra: [String: String?] = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://198.51.100.7/credentials"]
        #expect(try harness.botocore(extra).hasPrefix("error"))
        let result = try harness.whoami(extra)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mfaguard: container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI"))
        #expect(result.stderr.contains("must use HTTPS, or HTTP to a loopback address"))
    }

    @Test func instanceMetadataV2AsBotocoreReadsIt() throws {
        let harness = try Harness()
        defer { harness.remove() }
        let extra: [String: String?] = [
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": harness.server.url,
        ]
        #expect(try harness.botocore(extra) == Self.expected)
        try checkSigned(harness, try harness.whoami(extra), source: "instance metadata")
    }

    /// An IMDSv1-only service: used, as botocore does, unless IMDSv1 is disabled.
    @Test func instanceMetadataV1OnlyUnlessDisabled() throws {
        let harness = try Harness(["--v1-only"])
        defer { harness.remove() }
        var extra: [String: String?] = [
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": harness.server.url,
        ]
        #expect(try harness.botocore(extra) == Self.expected)
        try checkSigned(harness, try harness.whoami(extra), source: "instance metadata")
        extra["AWS_EC2_METADATA_V1_DISABLED"] = "true"
        let refused = try harness.whoami(extra)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("IMDSv1 is disabled"), "\(refused.stderr)")
    }

    /// A metadata endpoint that accepts connections and never answers costs seconds, not minutes.
    @Test func aHungMetadataServiceIsBounded() throws {
        let harness = try Harness(["--mode", "hang"])
        defer { harness.remove() }
        let started = Date()
        let result = try harness.whoami([
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": harness.server.url,
        ])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mfaguard: no AWS credentials"), "\(result.stderr)")
        #expect(result.stderr.contains("instance metadata"))
    }

    @Test func aMalformedAnswerNamesTheSource() throws {
        let harness = try Harness(["--mode", "malformed"])
        defer { harness.remove() }
        let result = try harness.whoami([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": harness.server.url + "/v2/credentials/test",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "task-token-1",
        ])
        #expect(result.status == 2)
        #expect(result.stderr == "mfaguard: container credentials: the answer is not a credentials document\n")
    }

    /// `credential_source = EcsContainer` in a role profile: the container's keys assume the role.
    @Test func aRoleProfileWhoseSourceIsTheContainer() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\ncredential_source = EcsContainer\n".write(
            toFile: harness.home + "/config", atomically: true, encoding: .utf8)
        let extra: [String: String?] = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": harness.server.url + "/v2/credentials/test",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "task-token-1",
        ]
        let result = try harness.whoami(extra, arguments: ["--profile", "ops"])
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try FaultProxy.stats(harness.proxy)
        #expect(stats.actions["AssumeRole"] == 1)
        #expect(stats.last_parameters["AssumeRole"]?["RoleArn"] == "arn:aws:iam::123456789012:role/ops")
    }
}
