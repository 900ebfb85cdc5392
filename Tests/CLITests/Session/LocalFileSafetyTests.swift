import Foundation
import TestSupport
import Testing

/// What mfaguard writes into `~/.aws` loses nothing (issue 14, items 4, 5 and 7): long-term keys are
/// not overwritten by a session, concurrent writers do not lose each other's sections, read-only
/// files are not silently replaced.
@Suite struct LocalFileSafetyTests {
    static let config = """
        [profile base]
        mfa_serial = \(SessionHome.serial)

        """
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        [prod]
        aws_access_key_id = AKIDPRODLONGTERM1
        aws_secret_access_key = prodsecret

        """

    @Test func writeProfileRefusesLongTermKeysUnlessAskedTo() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let refused = try home.mfaguard([
            "session", "--profile", "base", "--write-profile", "prod", "--code", "123456",
        ])
        #expect(refused.status == 2, "stderr: \(refused.stderr)")
        #expect(refused.stderr.hasPrefix("mfaguard: --write-profile 'prod': that profile in"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--overwrite-long-term-keys"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: home.credentialsPath, encoding: .utf8) == Self.credentials)
        // Refused before a code was spent.
        #expect(try home.stats().actions["GetSessionToken"] == nil)

        let forced = try home.mfaguard([
            "session", "--profile", "base", "--write-profile", "prod", "--code", "123456", "--overwrite-long-term-keys",
        ])
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        let after = try String(contentsOfFile: home.credentialsPath, encoding: .utf8)
        #expect(!after.contains("AKIDPRODLONGTERM1") && after.contains("aws_session_token = "))
        // Now [prod] holds a session, which the next write may replace without the flag.
        let again = try home.mfaguard(["session", "--profile", "base", "--write-profile", "prod", "--code", "123456"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        // The source profile stays refused, flag or not.
        let source = try home.mfaguard([
            "session", "--profile", "base", "--write-profile", "base", "--code", "123456", "--overwrite-long-term-keys",
        ])
        #expect(source.status == 2)
        #expect(try String(contentsOfFile: home.credentialsPath, encoding: .utf8).contains(SessionHome.baseKey.1))
    }

    @Test func readOnlyConfigIsRefusedUnlessForced() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        chmod(home.configPath, 0o400)
        let arguments = [
            "configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--yes",
        ]
        let refused = try home.mfaguard(arguments)
        #expect(refused.status == 2, "stderr: \(refused.stderr)")
        #expect(refused.stderr.contains("is read-only (mode 400)") && refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: home.configPath, encoding: .utf8) == Self.config)
        #expect(try fileMode(home.configPath) == 0o400)

        let forced = try home.mfaguard(arguments + ["--force"])
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        #expect(try String(contentsOfFile: home.configPath, encoding: .utf8).contains("[profile work]"))
        #expect(try fileMode(home.configPath) == 0o400)

        // Likewise the credentials file for --write-profile: it stays read-only, never wider than 0600.
        chmod(home.credentialsPath, 0o444)
        let session = ["session", "--profile", "base", "--write-profile", "mfa", "--code", "123456"]
        #expect(try home.mfaguard(session).status == 2)
        #expect(try String(contentsOfFile: home.credentialsPath, encoding: .utf8) == Self.credentials)
        let written = try home.mfaguard(session + ["--force"])
        #expect(written.status == 0, "stderr: \(written.stderr)")
        #expect(try String(contentsOfFile: home.credentialsPath, encoding: .utf8).contains("[mfa]"))
        #expect(try fileMode(home.credentialsPath) == 0o400)
    }

    /// Runs `count` mfaguard commands at once; returns their results.
    func concurrently(_ count: Int, _ home: SessionHome, _ arguments: @Sendable (Int) -> [String]) throws
        -> [ChildProcess.Result]
    {
        let results = Locked<[ChildProcess.Result]>([])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                let result = try home.mfaguard(arguments(index))
                results.update { $0.append(result) }
            } catch {
                failures.update { $0.append("\(error)") }
            }
        }
        #expect(failures.current.isEmpty)
        return results.current
    }

    @Test func twentyParallelConfigureRunsAllLand() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let results = try concurrently(20, home) { index in
            [
                "configure", "mfa-profile", "--name", "team\(index)", "--source-profile", "base", "--duration",
                "\(1 + index % 8)h", "--yes",
            ]
        }
        #expect(results.count == 20)
        for result in results { #expect(result.status == 0, "stderr: \(result.stderr)") }
        let profiles = try InjectionTests.botocoreProfiles(home)
        for index in 0..<20 {
            #expect(profiles["team\(index)"]?["source_profile"] == "base", "team\(index) was lost")
            #expect(profiles["team\(index)"]?["duration_seconds"] == String((1 + index % 8) * 3600))
        }
        #expect(profiles.count == 22)
    }

    @Test func twentyParallelWriteProfileRunsAllLand() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let results = try concurrently(20, home) { index in
            ["session", "--profile", "base", "--write-profile", "mfa\(index)", "--code", "123456"]
        }
        #expect(results.count == 20)
        for result in results { #expect(result.status == 0, "stderr: \(result.stderr)") }
        let script = TestPaths.repoRoot.appendingPathComponent("scripts/testing/botocore_profiles.py").path
        let view = try ChildProcess.run("python3", [script], environment: try home.environment())
        let object = try #require(try JSONSerialization.jsonObject(with: view.stdoutData) as? [String: Any])
        let credentials = try #require(object["credentials"] as? [String: [String: Any]])
        for index in 0..<20 {
            #expect(credentials["mfa\(index)"]?["token"] as? String != nil, "mfa\(index) was lost")
        }
        // The long-term profiles are still there, unchanged.
        #expect(credentials["prod"]?["access_key"] as? String == "AKIDPRODLONGTERM1")
        #expect(credentials["base"]?["secret_key"] as? String == SessionHome.baseKey.1)
        // One session, shared through the cache; twenty sections.
        #expect(try home.stats().actions["GetSessionToken"] == 1)
    }
}
