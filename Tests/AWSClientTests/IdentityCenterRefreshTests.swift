import AWSConfigFiles
import AWSHTTP
import Foundation
import TestSupport
import Testing

@testable import AWSClient

/// Identity Center credentials during a long command (an organization audit can outlive the role's
/// hour): the session's cached credentials are fetched again shortly before they expire, and the
/// sign-in token is refreshed on the way when it is near its own end. The clock is the test's; the
/// portal (scripts/testing/sso_portal.py) hands out credentials valid for an hour of real time.
struct IdentityCenterRefreshTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var offset: TimeInterval = 0
        func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
        func now() -> Date { lock.withLock { Date().addingTimeInterval(offset) } }
    }

    struct Stats: Decodable { var operations: [String: Int] }

    static func stats(_ portal: BackgroundService) throws -> [String: Int] {
        let request = HTTPRequest(method: "GET", url: URL(string: portal.url + "/__stats")!, headers: [], body: [])
        let response = try SocketTransport().sendBlocking(request).get()
        return try JSONDecoder().decode(Stats.self, from: Data(response.body)).operations
    }

    @Test func credentialsAndTheTokenAreRefreshedBeforeTheyExpire() async throws {
        let home = try makeTemporaryDirectory("sso-refresh")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let portal = try BackgroundService(
            script: "sso_portal.py",
            arguments: [
                "--key", "ASIAREFRESHTEST", "--secret", "refresh/secret", "--token", "refresh-session-token",
                "--access-token", "token-1", "--assignment", "123456789012:ReadOnly", "--client-id", "client-1",
                "--client-secret", "secret-1", "--refresh-token", "refresh-1",
            ])
        try FileManager.default.createDirectory(atPath: home + "/.aws/sso/cache", withIntermediateDirectories: true)
        try "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n"
            .appending("[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n")
            .write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        let digest = try ChildProcess.python("import hashlib; print(hashlib.sha1(b'corp').hexdigest())").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let cacheFile = home + "/.aws/sso/cache/\(digest).json"
        let token: [String: String] = [
            "accessToken": "token-1", "expiresAt": HTTPDate.iso8601(Date().addingTimeInterval(7200)),
            "clientId": "client-1", "clientSecret": "secret-1", "refreshToken": "refresh-1",
            "registrationExpiresAt": HTTPDate.iso8601(Date().addingTimeInterval(86400 * 30)),
        ]
        try JSONSerialization.data(withJSONObject: token).write(to: URL(fileURLWithPath: cacheFile))

        let clock = Clock()
        let environment = AWSEnvironment(
            variables: [
                "AWS_CONFIG_FILE": home + "/.aws/config", "AWS_SHARED_CREDENTIALS_FILE": home + "/.aws/credentials",
            ], homeDirectory: home, now: { clock.now() })
        let url = try #require(URL(string: portal.url))
        let resolver = CredentialResolver(
            environment: environment, config: try SharedConfig(environment: environment), profileName: "dev",
            profileIsExplicit: true, codeProvider: NoCodes(),
            stsFactory: { source in
                precondition(source == nil, "only the unsigned portal client is expected")
                return STS(
                    client: ServiceClient(
                        credentials: UnsignedCallsOnly(), region: "us-east-1",
                        endpointOverrides: [.sso: url, .ssoOIDC: url], now: { clock.now() }))
            })
        let provider = CachingCredentialsProvider(resolver: resolver)

        let first = try await provider.resolved()
        #expect(first.credentials.accessKeyID == "ASIAREFRESHTEST")
        #expect(first.source == .identityCenter(profile: "dev", accountID: "123456789012", roleName: "ReadOnly"))
        _ = try await provider.credentials()
        #expect(try Self.stats(portal) == ["GetRoleCredentials": 1], "fresh credentials are reused")

        // 58 minutes on: the role's hour is nearly over, the token still has an hour.
        clock.advance(58 * 60)
        _ = try await provider.credentials()
        #expect(try Self.stats(portal) == ["GetRoleCredentials": 2])

        // Another 55 minutes: the role's credentials again, and the token (7 minutes left) first.
        clock.advance(55 * 60)
        _ = try await provider.credentials()
        #expect(try Self.stats(portal) == ["GetRoleCredentials": 3, "CreateToken": 1])
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cacheFile)))
        #expect(((written as? [String: Any])?["accessToken"] as? String)?.hasPrefix("refreshed-") == true)
    }
}
