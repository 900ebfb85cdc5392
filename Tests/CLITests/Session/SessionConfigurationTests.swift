import Foundation
import TestSupport
import Testing

/// `mfaguard session` and `mfaguard credential-process` read their settings and credentials through
/// the same configuration as every other command: forward proxies, `AWS_MAX_ATTEMPTS`/`max_attempts`,
/// `AWS_CA_BUNDLE`/`ca_bundle`, and the environment keys as botocore reads them.
@Suite struct SessionConfigurationTests {
    static let credentials = """
        [default]
        aws_access_key_id = AKIDDEFAULT000001
        aws_secret_access_key = defaultsecret

        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    /// `base` for `session --code`, `base` again for `credential-process` (its code from `mfa_process`).
    static let config = """
        [default]
        mfa_serial = \(SessionHome.serial)

        [profile base]
        mfa_serial = \(SessionHome.serial)
        mfa_process = echo 123456

        """

    /// The commands under test, each asking STS for a new session without a terminal.
    static let sessionCommands: [[String]] = [
        ["session", "--profile", "base", "--json", "--code", "123456", "--no-cache"],
        ["credential-process", "--profile", "base"],
    ]

    /// No proxy variable from the test runner's own environment may decide the outcome.
    static let noInheritedProxies: [String: String?] = [
        "http_proxy": nil, "HTTP_PROXY": nil, "https_proxy": nil, "HTTPS_PROXY": nil, "no_proxy": nil,
        "NO_PROXY": nil,
    ]

    func environment(_ changes: [String: String?]) -> [String: String?] {
        Self.noInheritedProxies.merging(changes) { _, new in new }
    }

    @Test(arguments: sessionCommands)
    func plainHTTPGoesThroughTheForwardProxy(_ command: [String]) throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let forward = try ForwardProxy.start()
        let result = try home.mfaguard(command, environment(["HTTP_PROXY": forward.url]))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let stats = try home.stats()
        #expect(stats.actions["GetSessionToken"] == 1)
        // Every request the endpoint saw came through the forward proxy, in absolute form.
        let forwarded = try ForwardProxy.stats(forward).forwarded
        #expect(forwarded.count == stats.requests, "\(forwarded)")
        #expect(forwarded.allSatisfy { $0.hasSuffix(" \(home.proxy.url)/") }, "\(forwarded)")
    }

    /// Without `mfa_serial`, the device lookup (STS GetCallerIdentity, IAM ListMFADevices) and the
    /// session itself all go through the proxy: one transport for every client of the command.
    @Test func theDeviceLookupGoesThroughTheProxyToo() throws {
        let home = try SessionHome(config: "", credentials: "")
        defer { home.remove() }
        let user = try makeUserWithDevice(home)
        let forward = try ForwardProxy.start()
        let before = try home.stats().requests
        let result = try home.mfaguard(
            ["session", "--json", "--code", "123456", "--no-cache"],
            environment([
                "HTTP_PROXY": forward.url, "AWS_ACCESS_KEY_ID": user.keyID, "AWS_SECRET_ACCESS_KEY": user.secret,
            ]))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let stats = try home.stats()
        #expect(stats.actions["ListMFADevices"] == 1 && stats.actions["GetSessionToken"] == 1)
        #expect(stats.last_parameters["GetSessionToken"]?["SerialNumber"] == user.serial)
        let forwarded = try ForwardProxy.stats(forward).forwarded
        #expect(forwarded.count == stats.requests - before && forwarded.count >= 3, "\(forwarded)")
    }

    /// HTTPS: a `CONNECT` tunnel through the forward proxy, and the endpoint's certificate trusted
    /// through `AWS_CA_BUNDLE`.
    @Test(arguments: sessionCommands)
    func httpsGoesThroughATunnelAndTrustsTheCABundle(_ command: [String]) throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let directory = try makeTemporaryDirectory("session-tls")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tls = try FaultProxy.start(
            upstream: try Moto.shared(), keys: [SessionHome.baseKey], tlsDirectory: directory)
        let forward = try ForwardProxy.start()
        let endpoint = "https://localhost:\(tls.port)"
        let result = try home.mfaguard(
            command,
            environment([
                "AWS_ENDPOINT_URL": endpoint, "AWS_CA_BUNDLE": directory + "/cert.pem", "HTTPS_PROXY": forward.url,
            ]))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let stats = try FaultProxy.stats(tls, caBundle: directory + "/cert.pem")
        #expect(stats.actions["GetSessionToken"] == 1)
        #expect(stats.signature_failures.isEmpty)
        #expect(try ForwardProxy.stats(forward).connects == ["localhost:\(tls.port)"])
    }

    /// The profile's `ca_bundle`, without a forward proxy; without it the handshake fails (exit 3).
    @Test func theProfilesCABundleIsTrusted() throws {
        let directory = try makeTemporaryDirectory("session-tls")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tls = try FaultProxy.start(
            upstream: try Moto.shared(), keys: [SessionHome.baseKey], tlsDirectory: directory)
        let config = Self.config + "ca_bundle = \(directory)/cert.pem\n"
        let home = try SessionHome(config: config, credentials: Self.credentials)
        defer { home.remove() }
        let extra = environment(["AWS_ENDPOINT_URL": "https://localhost:\(tls.port)", "AWS_MAX_ATTEMPTS": "1"])
        let trusted = try home.mfaguard(Self.sessionCommands[0], extra)
        #expect(trusted.status == 0, "stderr: \(trusted.stderr)")
        #expect(try FaultProxy.stats(tls, caBundle: directory + "/cert.pem").actions["GetSessionToken"] == 1)
        try Data(Self.config.utf8).write(to: URL(fileURLWithPath: home.configPath))
        let untrusted = try home.mfaguard(Self.sessionCommands[0], extra)
        #expect(untrusted.status == 3, "stderr: \(untrusted.stderr)")
    }

    /// A retryable error on every GetSessionToken: exactly `AWS_MAX_ATTEMPTS` (or `max_attempts`) requests.
    @Test(arguments: sessionCommands)
    func maxAttemptsBoundsTheRetries(_ command: [String]) throws {
        let home = try SessionHome(
            config: Self.config, credentials: Self.credentials,
            failActions: ["GetSessionToken:ServiceUnavailable:Service is unavailable, try again"])
        defer { home.remove() }
        let fromEnvironment = try home.mfaguard(command, environment(["AWS_MAX_ATTEMPTS": "2"]))
        #expect(fromEnvironment.status == 3, "stderr: \(fromEnvironment.stderr)")
        #expect(fromEnvironment.stderr.contains("ServiceUnavailable"), "stderr: \(fromEnvironment.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 2)

        try Data((Self.config + "max_attempts = 3\n").utf8).write(to: URL(fileURLWithPath: home.configPath))
        let fromProfile = try home.mfaguard(command, environment([:]))
        #expect(fromProfile.status == 3, "stderr: \(fromProfile.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 5)
    }
}
