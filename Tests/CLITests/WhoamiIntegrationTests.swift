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

    /// HTTPS end to end: a TLS proxy with its own certificate in front of the emulator, trusted through
    /// AWS_CA_BUNDLE; without it, the handshake fails with a clear message and exit code 3.
    @Test func httpsEndpointTrustedThroughTheCABundle() throws {
        let directory = try makeTemporaryDirectory("tls-proxy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let proxy = try FaultProxy.start(
            upstream: moto, keys: [("AKIDSTATIC", "staticsecret")], tlsDirectory: directory)
        let endpoint = "https://localhost:\(proxy.port)"
        let json = try identity(
            try whoami(
                ["--profile", "static"], proxy: proxy,
                environment: ["AWS_ENDPOINT_URL": endpoint, "AWS_CA_BUNDLE": directory + "/cert.pem"]))
        #expect(json["Account"] == "123456789012")
        let stats = try FaultProxy.stats(proxy, caBundle: directory + "/cert.pem")
        #expect(stats.signature_ok >= 1 && stats.signature_failures.isEmpty)

        // The system trust store is used too: OpenSSL's SSL_CERT_FILE names it here.
        let systemStore = try whoami(
            ["--profile", "static"], proxy: proxy,
            environment: ["AWS_ENDPOINT_URL": endpoint, "SSL_CERT_FILE": directory + "/cert.pem"])
        #expect(systemStore.status == 0, "\(systemStore.stderr)")

        // A CA bundle replaces the system store, as for the AWS CLI: trusted through SSL_CERT_FILE but not
        // in the bundle is refused.
        let otherCA = try makeTemporaryDirectory("other-ca")
        defer { try? FileManager.default.removeItem(atPath: otherCA) }
        let otherServer = try BackgroundService(script: "http_server.py", arguments: ["--tls-dir", otherCA])
        defer { otherServer.stop() }
        let pinned = try whoami(
            ["--profile", "static"], proxy: proxy,
            environment: [
                "AWS_ENDPOINT_URL": endpoint, "SSL_CERT_FILE": directory + "/cert.pem",
                "AWS_CA_BUNDLE": otherCA + "/cert.pem", "AWS_MAX_ATTEMPTS": "1",
            ])
        #expect(pinned.status == 3)
        #expect(pinned.stderr.contains("certificate verify failed"), "\(pinned.stderr)")

        let untrusted = try whoami(
            ["--profile", "static"], proxy: proxy, environment: ["AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "1"])
        #expect(untrusted.status == 3)
        #expect(
            untrusted.stderr.contains("TLS handshake with localhost failed: certificate verify failed: self-signed"),
            "\(untrusted.stderr)")
        #expect(untrusted.stderr.split(separator: "\n").count == 1)
    }

    /// Behind a corporate proxy: HTTPS through a CONNECT tunnel (TLS end to end with the endpoint),
    /// plain HTTP in absolute form, as `https_proxy`/`http_proxy` say.
    @Test func throughTheProxiesOfTheEnvironment() throws {
        let directory = try makeTemporaryDirectory("tls-proxy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tlsEndpoint = try FaultProxy.start(
            upstream: moto, keys: [("AKIDSTATIC", "staticsecret")], tlsDirectory: directory)
        let forward = try ForwardProxy.start(user: "corp:pass")
        let proxyURL = "http://corp:pass@127.0.0.1:\(forward.port)"
        let noBypass: [String: String?] = ["no_proxy": nil, "NO_PROXY": nil, "http_proxy": nil, "https_proxy": nil]
        let secure = try whoami(
            ["--profile", "static"], proxy: tlsEndpoint,
            environment: noBypass.merging([
                "AWS_ENDPOINT_URL": "https://localhost:\(tlsEndpoint.port)", "AWS_CA_BUNDLE": directory + "/cert.pem",
                "HTTPS_PROXY": proxyURL,
            ]) { $1 })
        #expect(try identity(secure)["Account"] == "123456789012")
        #expect(try ForwardProxy.stats(forward).connects == ["localhost:\(tlsEndpoint.port)"])

        let plainEndpoint = try FaultProxy.start(upstream: moto, keys: [("AKIDSTATIC", "staticsecret")])
        let plain = try whoami(
            ["--profile", "static"], proxy: plainEndpoint,
            environment: noBypass.merging(["HTTP_PROXY": proxyURL]) { $1 })
        #expect(try identity(plain)["Account"] == "123456789012")
        let forwarded = try ForwardProxy.stats(forward).forwarded
        #expect(forwarded.count == 1)
        #expect(
            forwarded.first?.hasPrefix("GET http://127.0.0.1:\(plainEndpoint.port)/?Action=GetCallerIdentity") == true)
        try expectAllSigned(plainEndpoint, atLeast: 1)
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

/// A role profile with `mfa_serial` asks for the code on the terminal (`/dev/tty`), not on stdout.
struct MFAPromptTests {
    @Test func roleProfileAsksForTheCodeOnTheTerminal() throws {
        let moto = try Moto.shared()
        let proxy = try FaultProxy.start(upstream: moto, keys: [("AKIDSTATIC", "staticsecret")])
        let home = try makeTemporaryDirectory("prompt-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try Data(
            """
            [profile base]
            aws_access_key_id = AKIDSTATIC
            aws_secret_access_key = staticsecret
            [profile guarded]
            role_arn = arn:aws:iam::123456789012:role/guarded
            source_profile = base
            mfa_serial = arn:aws:iam::123456789012:mfa/alice

            """.utf8
        ).write(to: URL(fileURLWithPath: home + "/.aws/config"))
        let output = home + "/identity.json"
        let command =
            "\(try TestPaths.mfaguardBinary.path) whoami --profile guarded --format json --output \(output)"
        // `script` gives the command a pseudo-terminal; what we write to script's stdin is typed there.
        let result = try ChildProcess.run(
            "script", ["-qec", command, "/dev/null"],
            environment: ChildProcess.environment(["HOME": home, "AWS_ENDPOINT_URL": proxy.url]),
            stdin: Data("246810\n".utf8))
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("Enter MFA code for arn:aws:iam::123456789012:mfa/alice:"))
        let stats = try FaultProxy.stats(proxy)
        #expect(stats.last_parameters["AssumeRole"]?["TokenCode"] == "246810")
        #expect(stats.last_parameters["AssumeRole"]?["SerialNumber"] == "arn:aws:iam::123456789012:mfa/alice")
        let identity = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
        #expect((identity as? [String: String])?["Arn"]?.contains("assumed-role/guarded/") == true)
    }

    @Test func withoutATerminalTheErrorSaysSo() throws {
        let home = try makeTemporaryDirectory("prompt-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try Data(
            "[profile base]\naws_access_key_id = A\naws_secret_access_key = B\n[profile guarded]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/a\n"
                .utf8
        ).write(to: URL(fileURLWithPath: home + "/.aws/config"))
        // setsid: no controlling terminal, so /dev/tty cannot be opened.
        let result = try ChildProcess.run(
            "setsid", ["-w", try TestPaths.mfaguardBinary.path, "whoami", "--profile", "guarded"],
            environment: ChildProcess.environment(["HOME": home, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"]))
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mfaguard: no terminal to ask for the MFA code of profile 'guarded'"))
    }
}
