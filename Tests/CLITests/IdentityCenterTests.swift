import Foundation
import TestSupport
import Testing

/// IAM Identity Center credentials against a loopback server speaking the portal's and OIDC's documented
/// protocols (scripts/testing/sso_portal.py), with the token cache the AWS CLI writes: botocore, given
/// the same home, config and endpoints, must resolve the same keys, and `whoami` must sign with them
/// (session token included) through the signature-checking proxy.
@Suite struct IdentityCenterTests {
    static let key = "ASIAIDENTITYCENTER01"
    static let secret = "identity/center+secret"
    static let token = "IQoJb3JpZ2luX2VjEIdentityCenterSessionToken=="
    static let account = "123456789012"
    static let startURL = "https://example.awsapps.com/start"
    static let legacyURL = "https://legacy.awsapps.com/start"
    static var expected: String { "\(key) \(secret) \(token)" }

    static let config = """
        [sso-session corp]
        sso_start_url = \(startURL)
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [profile dev]
        sso_session = corp
        sso_account_id = \(account)
        sso_role_name = ReadOnly

        [profile legacy]
        sso_start_url = \(legacyURL)
        sso_region = us-east-2
        sso_account_id = \(account)
        sso_role_name = ReadOnly

        [profile ops]
        role_arn = arn:aws:iam::\(account):role/ops
        source_profile = dev

        [profile lost]
        sso_session = nowhere
        sso_account_id = \(account)
        sso_role_name = ReadOnly

        [profile unassigned]
        sso_session = corp
        sso_account_id = 210987654321
        sso_role_name = Admin

        """

    struct Harness {
        let portal: BackgroundService
        let proxy: BackgroundService
        let home: String

        init(portal arguments: [String] = []) throws {
            portal = try BackgroundService(
                script: "sso_portal.py",
                arguments: [
                    "--key", IdentityCenterTests.key, "--secret", IdentityCenterTests.secret, "--token",
                    IdentityCenterTests.token, "--access-token", "session-token-1", "--access-token", "legacy-token-1",
                    "--assignment", "\(IdentityCenterTests.account):ReadOnly", "--client-id", "client-1",
                    "--client-secret", "client-secret-1", "--refresh-token", "refresh-1",
                ] + arguments)
            proxy = try FaultProxy.start(
                upstream: try Moto.shared(), keys: [(IdentityCenterTests.key, IdentityCenterTests.secret)])
            home = try makeTemporaryDirectory("identity-center")
            try FileManager.default.createDirectory(atPath: home + "/.aws/sso/cache", withIntermediateDirectories: true)
            try IdentityCenterTests.config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        }

        func environment(_ changes: [String: String?] = [:]) -> [String: String] {
            var all: [String: String?] = [
                "HOME": home, "AWS_CONFIG_FILE": home + "/.aws/config",
                "AWS_SHARED_CREDENTIALS_FILE": home + "/.aws/credentials", "AWS_ENDPOINT_URL": proxy.url,
                "AWS_ENDPOINT_URL_SSO": portal.url, "AWS_ENDPOINT_URL_SSO_OIDC": portal.url, "AWS_REGION": "us-east-1",
            ]
            all.merge(changes) { _, new in new }
            return ChildProcess.environment(all)
        }

        func whoami(_ profile: String, _ extra: [String] = [], environment changes: [String: String?] = [:]) throws
            -> ChildProcess.Result
        {
            try ChildProcess.run(
                try TestPaths.mfaguardBinary.path, ["whoami", "--format", "json", "--profile", profile] + extra,
                environment: environment(changes))
        }

        /// What botocore resolves for `profile`: "KEY SECRET TOKEN", or "error NAME".
        func botocore(_ profile: String, environment changes: [String: String?] = [:]) throws -> String {
            let script = """
                import botocore.session as s
                try:
                    c = s.Session(profile='\(profile)').get_credentials().get_frozen_credentials()
                    print(' '.join([c.access_key, c.secret_key, c.token or '']))
                except Exception as e:
                    print('error', type(e).__name__)
                """
            let result = try ChildProcess.run("python3", ["-c", script], environment: environment(changes))
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The cache file botocore and the AWS CLI use for `name` (session name or start URL).
        func cachePath(_ name: String) throws -> String {
            let result = try ChildProcess.python(
                "import hashlib, sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", [name])
            return home + "/.aws/sso/cache/" + result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + ".json"
        }

        /// Writes a cached token as `aws sso login` leaves it, expiring `expiresIn` seconds from now.
        func writeToken(
            _ name: String, accessToken: String, expiresIn: TimeInterval, registration: Bool = false,
            registrationExpiresIn: TimeInterval = 86400 * 30
        ) throws {
            var token: [String: Any] = [
                "startUrl": name.hasPrefix("https:") ? name : IdentityCenterTests.startURL, "region": "eu-west-1",
                "accessToken": accessToken, "expiresAt": Self.timestamp(Date().addingTimeInterval(expiresIn)),
            ]
            if registration {
                token["clientId"] = "client-1"
                token["clientSecret"] = "client-secret-1"
                token["refreshToken"] = "refresh-1"
                token["registrationExpiresAt"] = Self.timestamp(Date().addingTimeInterval(registrationExpiresIn))
                token["scopes"] = ["sso:account:access"]
            }
            let data = try JSONSerialization.data(withJSONObject: token, options: [.sortedKeys])
            try data.write(to: URL(fileURLWithPath: try cachePath(name)))
        }

        static func timestamp(_ date: Date) -> String {
            let formatter = ISO8601DateFormatter()
            return formatter.string(from: date)
        }

        struct PortalStats: Decodable {
            var operations: [String: Int]
            var last_bearer_token: String?
        }

        func portalStats() throws -> PortalStats {
            let result = try ChildProcess.python(
                "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                [portal.url + "/__stats"])
            return try JSONDecoder().decode(PortalStats.self, from: result.stdoutData)
        }

        func remove() { try? FileManager.default.removeItem(atPath: home) }
    }

    func checkSigned(_ harness: Harness, _ result: ChildProcess.Result, source: String) throws {
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        #expect(report?["CredentialSource"] as? String == source, "\(result.stdout)")
        let stats = try FaultProxy.stats(harness.proxy)
        #expect(stats.signature_ok >= 1)
        #expect(stats.signature_failures.isEmpty)
        #expect(stats.last_security_tokens?["GetCallerIdentity"] == .some(Self.token))
    }

    @Test func anSSOSessionProfileAsBotocoreReadsIt() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 3600)
        #expect(try harness.botocore("dev") == Self.expected)
        let result = try harness.whoami("dev")
        try checkSigned(
            harness, result, source: "profile dev (IAM Identity Center: role ReadOnly in account \(Self.account))")
        let stats = try harness.portalStats()
        #expect(stats.last_bearer_token == "session-token-1")
        #expect(stats.operations["CreateToken"] == nil, "a token with an hour left is not refreshed")
    }

    @Test func aLegacyProfileAsBotocoreReadsIt() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken(Self.legacyURL, accessToken: "legacy-token-1", expiresIn: 3600)
        #expect(try harness.botocore("legacy") == Self.expected)
        try checkSigned(
            harness, try harness.whoami("legacy"),
            source: "profile legacy (IAM Identity Center: role ReadOnly in account \(Self.account))")
        #expect(try harness.portalStats().last_bearer_token == "legacy-token-1")
    }

    /// The portal found through the profile's `[services]` section, as botocore finds it; `--endpoint-url`
    /// moves the command's own calls only (botocore gives it to the command's client, not to the SSO one).
    @Test func theServicesSectionMovesThePortalAndTheFlagDoesNot() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 3600)
        let config =
            Self.config
            + "[profile moved]\nsso_session = corp\nsso_account_id = \(Self.account)\nsso_role_name = ReadOnly\n"
            + "services = local\n\n[services local]\nsso =\n  endpoint_url = \(harness.portal.url)\n"
        try config.write(toFile: harness.home + "/.aws/config", atomically: true, encoding: .utf8)
        let unset: [String: String?] = ["AWS_ENDPOINT_URL_SSO": nil, "AWS_ENDPOINT_URL": nil]
        #expect(try harness.botocore("moved", environment: unset) == Self.expected)
        try checkSigned(
            harness, try harness.whoami("moved", ["--endpoint-url", harness.proxy.url], environment: unset),
            source: "profile moved (IAM Identity Center: role ReadOnly in account \(Self.account))")
        #expect(try harness.portalStats().operations["GetRoleCredentials"] == 2)
    }

    /// A role whose source profile signs in through Identity Center: the portal's keys assume it.
    @Test func aRoleOnTopOfIdentityCenter() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 3600)
        let result = try harness.whoami("ops")
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try FaultProxy.stats(harness.proxy)
        #expect(stats.actions["AssumeRole"] == 1)
        #expect(stats.last_security_tokens?["AssumeRole"] == .some(Self.token))
        #expect(stats.signature_failures.isEmpty)
    }

    /// A token with less than 15 minutes left is refreshed with the cached registration and written back
    /// as botocore writes it: botocore then uses the new token as it is, and gets the same keys.
    @Test func aTokenNearExpiryIsRefreshedAndWrittenBack() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 300, registration: true)
        let path = try harness.cachePath("corp")
        try checkSigned(
            harness, try harness.whoami("dev"),
            source: "profile dev (IAM Identity Center: role ReadOnly in account \(Self.account))")
        var stats = try harness.portalStats()
        #expect(stats.operations["CreateToken"] == 1)
        #expect(stats.last_bearer_token?.hasPrefix("refreshed-") == true)
        let ours = try Data(contentsOf: URL(fileURLWithPath: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let written = try #require(try JSONSerialization.jsonObject(with: ours) as? [String: Any])
        #expect(written["accessToken"] as? String == stats.last_bearer_token)
        #expect((written["refreshToken"] as? String)?.hasPrefix("rotated-") == true)
        #expect(written["startUrl"] as? String == Self.startURL)
        #expect(written["region"] as? String == "eu-west-1")
        #expect(try harness.botocore("dev") == Self.expected)
        stats = try harness.portalStats()
        #expect(stats.operations["CreateToken"] == 1, "botocore found the written token fresh")
        #expect(stats.last_bearer_token == written["accessToken"] as? String)

        // botocore refreshing the same kind of token (against a portal of its own: the first one has
        // rotated refresh-1 away) writes the same keys, in the same order.
        let second = try Harness()
        defer { second.remove() }
        try second.writeToken("corp", accessToken: "session-token-1", expiresIn: 300, registration: true)
        #expect(try second.botocore("dev") == Self.expected)
        let theirs = try Data(contentsOf: URL(fileURLWithPath: try second.cachePath("corp")))
        #expect(try Self.keyOrder(ours) == Self.keyOrder(theirs))
    }

    /// An expired token with a valid registration is refreshed rather than refused, as botocore does.
    @Test func anExpiredTokenWithARegistrationIsRefreshed() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: -600, registration: true)
        #expect(try harness.whoami("dev").status == 0)
        #expect(try harness.portalStats().operations == ["CreateToken": 1, "GetRoleCredentials": 1])
        // A registration that has run out too: nothing to refresh with, so sign in again.
        try harness.writeToken(
            "corp", accessToken: "session-token-1", expiresIn: -600, registration: true, registrationExpiresIn: -60)
        let refused = try harness.whoami("dev")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the sign-in token expired at "), "\(refused.stderr)")
        #expect(try harness.portalStats().operations == ["CreateToken": 1, "GetRoleCredentials": 1])
    }

    /// The keys of a JSON object in the order the file has them.
    static func keyOrder(_ data: Data) throws -> [String] {
        let result = try ChildProcess.run(
            "python3", ["-c", "import json, sys; print(' '.join(json.loads(sys.stdin.read())))"],
            stdin: data)
        return result.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A refresh the OIDC service refuses leaves a still-valid token in use.
    @Test func aRefusedRefreshKeepsAValidToken() throws {
        let harness = try Harness(portal: ["--refresh-token", "someone-else"])
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 300, registration: true)
        let before = try Data(contentsOf: URL(fileURLWithPath: try harness.cachePath("corp")))
        #expect(try harness.whoami("dev").status == 0)
        #expect(try harness.portalStats().last_bearer_token == "session-token-1")
        #expect(try Data(contentsOf: URL(fileURLWithPath: try harness.cachePath("corp"))) == before)
    }

    /// `--debug` shows the portal exchange, never the bearer token or the role's secrets.
    @Test func theDebugLogKeepsTheSecrets() throws {
        let harness = try Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 300, registration: true)
        let result = try harness.whoami("dev", ["--debug"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("/federation/credentials"))
        #expect(result.stderr.contains("/token"))
        for secret in [
            "session-token-1", "refreshed-", "rotated-", "refresh-1", "client-secret-1", Self.secret, Self.token,
        ] {
            #expect(!result.stderr.contains(secret), "\(secret) in the debug log")
        }
    }
}
