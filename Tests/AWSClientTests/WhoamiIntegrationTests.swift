import Foundation
import TestSupport
import Testing

/// `mfaguard whoami` end to end: the built binary, moto behind a proxy that checks every signature
/// with botocore's signer, credentials from each kind of source.
@Suite(.serialized) struct WhoamiIntegrationTests {
    let moto: BackgroundService
    let home: String

    init() throws {
        moto = try Moto.shared()
        home = try makeTemporaryDirectory("whoami-home")
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try Data(
            """
            [default]
            region = eu-west-1

            [profile static]
            region = us-east-2

            [profile process]
            credential_process = /bin/sh -c "printf '{\\"Version\\": 1, \\"AccessKeyId\\": \\"AKIDPROCESS\\", \\"SecretAccessKey\\": \\"processsecret\\"}'"

            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/admin
            source_profile = static
            role_session_name = whoami-test
            duration_seconds = 1800

            [profile admin-of-admin]
            role_arn = arn:aws:iam::123456789012:role/second
            source_profile = admin

            """.utf8
        ).write(to: URL(fileURLWithPath: home + "/.aws/config"))
        try Data("[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = staticsecret\n".utf8)
            .write(to: URL(fileURLWithPath: home + "/.aws/credentials"))
    }

    func whoami(_ arguments: [String], proxy: BackgroundService, environment: [String: String?] = [:]) throws
        -> ChildProcess.Result
    {
        var changes: [String: String?] = [
            "HOME": home, "AWS_ENDPOINT_URL": proxy.url, "AWS_REGION": nil, "NO_COLOR": "1",
        ]
        for (key, value) in environment { changes[key] = value }
        return try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami", "--format", "json"] + arguments,
            environment: ChildProcess.environment(changes))
    }

    func identity(_ result: ChildProcess.Result) throws -> [String: String] {
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: result.stdoutData) as? [String: String])
    }

    func expectAllSigned(_ proxy: BackgroundService, atLeast count: Int) throws {
        let stats = try FaultProxy.stats(proxy)
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")
        #expect(stats.signature_ok >= count)
        #expect(stats.signature_ok == stats.requests)
    }

    @Test func environmentCredentials() throws {
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDENVIRONMENT", "envsecret")])
        let result = try whoami(
            [], proxy: proxy,
            environment: ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "envsecret"])
        let json = try identity(result)
        #expect(json["Account"] == "123456789012")
        #expect(json["CredentialSource"] == "environment")
        #expect(json["Region"] == "eu-west-1")
        try expectAllSigned(proxy, atLeast: 1)
    }

    @Test func staticProfileWithSessionToken() throws {
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDSTATIC", "staticsecret")])
        let json = try identity(try whoami(["--profile", "static"], proxy: proxy))
        #expect(json["Profile"] == "static")
        #expect(json["Region"] == "us-east-2")
        #expect(json["CredentialSource"] == "profile static (static keys)")
        try expectAllSigned(proxy, atLeast: 1)
    }

    @Test func credentialProcessProfile() throws {
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDPROCESS", "processsecret")])
        let json = try identity(try whoami([], proxy: proxy, environment: ["AWS_PROFILE": "process"]))
        #expect(json["CredentialSource"] == "profile process (credential_process)")
        try expectAllSigned(proxy, atLeast: 1)
    }

    @Test func roleProfileAssumesTheRoleWithTheSourceKeys() throws {
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDSTATIC", "staticsecret")])
        let json = try identity(try whoami(["--profile", "admin"], proxy: proxy))
        #expect(json["Arn"] == "arn:aws:sts::123456789012:assumed-role/admin/whoami-test")
        let stats = try FaultProxy.stats(proxy)
        #expect(stats.actions["AssumeRole"] == 1)
        #expect(stats.actions["GetCallerIdentity"] == 1)
        // The GetCallerIdentity call was signed with the assumed role's keys, learnt from moto's answer.
        try expectAllSigned(proxy, atLeast: 2)
    }

    @Test func chainedRoleProfileAssumesTwice() throws {
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDSTATIC", "staticsecret")])
        let json = try identity(try whoami(["--profile", "admin-of-admin"], proxy: proxy))
        #expect(json["Arn"]?.hasPrefix("arn:aws:sts::123456789012:assumed-role/second/") == true)
        #expect(try FaultProxy.stats(proxy).actions["AssumeRole"] == 2)
        try expectAllSigned(proxy, atLeast: 3)
    }

    @Test func explicitProfileBeatsEnvironmentKeys() throws {
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDSTATIC", "staticsecret")])
        let json = try identity(
            try whoami(
                ["--profile", "static"], proxy: proxy,
                environment: ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "envsecret"]))
        #expect(json["CredentialSource"] == "profile static (static keys)")
    }
}
