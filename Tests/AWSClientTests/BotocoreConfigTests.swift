import AWSConfigFiles
import Foundation
import TestSupport
import Testing

@testable import AWSClient

/// Our reading of the shared config and credentials files, compared with botocore's own
/// (scripts/testing/botocore_profiles.py) on the same files.
struct BotocoreConfigTests {
    static let fixtures = TestPaths.repoRoot.appendingPathComponent("Tests/AWSClientTests/Fixtures/tricky")

    static func json(_ profile: SharedConfig.Profile) -> [String: Any] {
        profile.mapValues { value -> Any in
            switch value {
            case .string(let text): text
            case .nested(let nested): nested
            }
        }
    }

    @Test func trickyFilesHaveAtLeastFifteenProfiles() throws {
        let config = try SharedConfig(
            environment: AWSEnvironment(
                variables: [
                    "AWS_CONFIG_FILE": Self.fixtures.appendingPathComponent("config").path,
                    "AWS_SHARED_CREDENTIALS_FILE": Self.fixtures.appendingPathComponent("credentials").path,
                ], homeDirectory: "/nonexistent"))
        #expect(config.profiles.count >= 15)
    }

    @Test func devNullAsConfigFileIsAnEmptyFile() throws {
        let config = try SharedConfig(
            environment: AWSEnvironment(
                variables: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"],
                homeDirectory: "/nonexistent"))
        #expect(config.profiles.isEmpty)
    }

    @Test func profilesMatchBotocore() throws {
        let configPath = Self.fixtures.appendingPathComponent("config").path
        let credentialsPath = Self.fixtures.appendingPathComponent("credentials").path
        let theirs = try Botocore.profiles(config: configPath, credentials: credentialsPath)
        let theirProfiles = try #require(theirs["profiles"] as? [String: [String: Any]])
        let ours = try SharedConfig(
            environment: AWSEnvironment(
                variables: ["AWS_CONFIG_FILE": configPath, "AWS_SHARED_CREDENTIALS_FILE": credentialsPath],
                homeDirectory: "/nonexistent"))
        #expect(Set(ours.profiles.keys) == Set(theirProfiles.keys))
        for (name, profile) in ours.profiles {
            let mine = NSDictionary(dictionary: Self.json(profile))
            let botocore = NSDictionary(dictionary: theirProfiles[name] ?? [:])
            #expect(mine == botocore, "profile \(name): ours \(mine) botocore \(botocore)")
        }
    }

    /// Identity Center profiles included: both read the same token cache (a home of the test's own) and
    /// ask the same loopback portal (scripts/testing/sso_portal.py).
    @Test func credentialsMatchBotocore() async throws {
        let configPath = Self.fixtures.appendingPathComponent("config").path
        let credentialsPath = Self.fixtures.appendingPathComponent("credentials").path
        let home = try IdentityCenterFixture()
        defer { home.remove() }
        let theirs = try Botocore.profiles(
            config: configPath, credentials: credentialsPath,
            extra: [
                "HOME": home.path, "AWS_ENDPOINT_URL_SSO": home.portal.url,
                "AWS_ENDPOINT_URL_SSO_OIDC": home.portal.url,
            ])
        let theirCredentials = try #require(theirs["credentials"] as? [String: Any])
        #expect(theirCredentials.count >= 22)
        #expect((theirCredentials["sso-user"] as? [String: Any])?["access_key"] as? String == IdentityCenterFixture.key)
        let environment = AWSEnvironment(
            variables: [
                "AWS_CONFIG_FILE": configPath, "AWS_SHARED_CREDENTIALS_FILE": credentialsPath,
                "PATH": ChildProcess.searchPath,
            ], homeDirectory: home.path)
        let config = try SharedConfig(environment: environment)
        let portal = try #require(URL(string: home.portal.url))
        for (name, expected) in theirCredentials {
            let resolver = CredentialResolver(
                environment: environment, config: config, profileName: name, profileIsExplicit: true,
                codeProvider: NoCodes(),
                stsFactory: { source in
                    // Only the unsigned client the Identity Center portal call goes through.
                    guard source == nil else { fatalError("no STS call expected for \(name)") }
                    return STS(
                        client: ServiceClient(
                            credentials: UnsignedCallsOnly(), region: "us-east-1",
                            endpointOverrides: [.sso: portal, .ssoOIDC: portal]))
                })
            if let expected = expected as? [String: Any], expected["error"] == nil {
                let resolved = try await resolver.resolve().credentials
                #expect(resolved.accessKeyID == expected["access_key"] as? String, "profile \(name)")
                #expect(resolved.secretAccessKey == expected["secret_key"] as? String, "profile \(name)")
                #expect(resolved.sessionToken == expected["token"] as? String, "profile \(name)")
            } else {
                await #expect(throws: (any Error).self, "profile \(name) has no usable credentials for botocore") {
                    _ = try await resolver.resolve()
                }
            }
        }
    }

    static let brokenFiles: [String] = [
        "region = us-east-1\n[default]\n",
        "[default]\nregion = us-east-1\n[default]\noutput = json\n",
        "[default]\nregion = us-east-1\nREGION = eu-west-1\n",
        "[default]\njust some words\n",
        "[default]\ns3 =\n  max_concurrent_requests 20\n",
        "[profile a]\n= value\n",
    ]

    @Test(arguments: brokenFiles)
    func brokenFilesAreRefusedLikeBotocore(_ text: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/config"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let theirs = try Botocore.profiles(config: path, credentials: directory + "/none")
        #expect(theirs["error"] != nil, "botocore accepts it")
        #expect(throws: ConfigError.self) {
            _ = try INIFile(parsing: text, path: path)
        }
        do {
            _ = try INIFile(parsing: text, path: path)
        } catch {
            guard case .syntax(let errorPath, let line, _) = error else {
                Issue.record("expected a syntax error, got \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(line >= 1 && line <= text.split(separator: "\n").count)
        }
    }
}

/// A code provider for tests that must not ask for a code.
struct NoCodes: MFACodeProvider {
    func code(serialNumber: String, profile: String) async throws -> String {
        throw CredentialError("no code expected")
    }
}

/// A home whose `~/.aws/sso/cache` holds the tokens the tricky config's Identity Center profiles use
/// (`my-sso` and the legacy start URL valid, `stale-sso` expired), and a portal that knows the valid ones.
struct IdentityCenterFixture {
    static let key = "ASIATRICKYSSOKEY"
    let path: String
    let portal: BackgroundService

    init() throws {
        path = try makeTemporaryDirectory("tricky-sso")
        let cache = path + "/.aws/sso/cache"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let now = Date()
        for (name, token, expires) in [
            ("my-sso", "tricky-session-token", now.addingTimeInterval(3600)),
            ("https://legacy.awsapps.com/start", "tricky-legacy-token", now.addingTimeInterval(3600)),
            ("stale-sso", "tricky-stale-token", now.addingTimeInterval(-600)),
        ] {
            // botocore's cache key, computed by Python (an oracle of its own, not our code).
            let digest = try ChildProcess.python(
                "import hashlib, sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", [name]
            ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let file = cache + "/" + digest + ".json"
            let document = ["accessToken": token, "expiresAt": HTTPDate.iso8601(expires)]
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: file))
        }
        portal = try BackgroundService(
            script: "sso_portal.py",
            arguments: [
                "--key", Self.key, "--secret", "tricky/sso/secret", "--token", "tricky-sso-session-token",
                "--access-token", "tricky-session-token", "--access-token", "tricky-legacy-token",
                "--assignment", "123456789012:ReadOnly",
            ])
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
