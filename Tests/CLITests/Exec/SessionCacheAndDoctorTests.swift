import Foundation
import TestSupport
import Testing

/// `mfaguard session list`, `session clear` and `doctor` on a scratch home.
@Suite struct SessionCacheAndDoctorTests {
    static let config = """
        [profile base]
        mfa_serial = \(SessionHome.serial)

        [profile other]
        region = us-east-1

        """
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    @Test func listShowsTheCachedSessionWithoutSecretsAndClearRemovesIt() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let empty = try home.mfaguard(["session", "list"])
        #expect(empty.status == 0 && empty.stdout == "No cached MFA sessions.\n", "stderr: \(empty.stderr)")
        let exported = try home.mfaguard(["session", "--profile", "base", "--export", "--code", "123456"])
        #expect(exported.status == 0, "stderr: \(exported.stderr)")
        let list = try home.mfaguard(["session", "list", "--json"])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: list.stdoutData) as? [String: Any])
        let sessions = try #require(document["sessions"] as? [[String: Any]])
        try #require(sessions.count == 1)
        #expect(sessions[0]["profiles"] as? [String] == ["base"])
        #expect(sessions[0]["kind"] as? String == "GetSessionToken")
        #expect(sessions[0]["expired"] as? Bool == false)
        #expect(sessions[0]["mfaSerial"] as? String == SessionHome.serial)
        // No secret of the session in either rendering.
        let secretLine = try #require(exported.stdout.split(separator: "\n").first { $0.contains("SECRET") })
        let secret = String(secretLine.split(separator: "=", maxSplits: 1)[1]).trimmingCharacters(
            in: CharacterSet(charactersIn: "'"))
        let table = try home.mfaguard(["session", "list"])
        #expect(table.stdout.contains("base") && table.stdout.contains("GetSessionToken"))
        #expect(!list.stdout.contains(secret) && !table.stdout.contains(secret))
        // Another profile's clear leaves it; the profile's own removes it.
        let otherClear = try home.mfaguard(["session", "clear", "other"])
        #expect(otherClear.status == 0, "stderr: \(otherClear.stderr)")
        #expect(try home.mfaguard(["session", "list", "--json"]).stdout.contains("GetSessionToken"))
        let clear = try home.mfaguard(["session", "clear", "base"])
        #expect(clear.status == 0 && clear.stderr.contains("removed 1 cached session"), "stderr: \(clear.stderr)")
        #expect(try home.mfaguard(["session", "list"]).stdout == "No cached MFA sessions.\n")
        let unknown = try home.mfaguard(["session", "clear", "nope"])
        #expect(unknown.status == 2)
    }

    @Test func doctorFindsPlaintextKeysLooseModesAndABrokenCredentialProcess() throws {
        let home = try SessionHome(
            config: Self.config + "[profile broken]\ncredential_process = /no/such/helper --flag\n",
            credentials: Self.credentials)
        defer { home.remove() }
        chmod(home.credentialsPath, 0o644)
        chmod(home.configPath, 0o600)
        let result = try home.mfaguard(["doctor", "--json"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: String]])
        #expect(document["clean"] as? Bool == false)
        let byCheck = Dictionary(grouping: findings) { $0["check"] ?? "" }
        #expect(byCheck["plaintext-keys"]?.first?["fix"] == "mfaguard keys migrate base")
        #expect(byCheck["loose-mode"]?.map { $0["fix"] } == ["chmod 600 \(home.credentialsPath)"])
        #expect(byCheck["credential-process"]?.first?["subject"] == "profile broken")
        #expect(!result.stdout.contains(SessionHome.baseKey.1))
        let withEnvironment = try home.mfaguard(
            ["doctor"], ["AWS_ACCESS_KEY_ID": "AKIDENV0000000001", "AWS_SECRET_ACCESS_KEY": "envsecret"])
        #expect(withEnvironment.stdout.contains("fix: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"))
    }

    @Test func doctorIsCleanOnACleanHomeAndExits2OnABrokenConfig() throws {
        let home = try SessionHome(config: "[profile other]\nregion = us-east-1\n", credentials: "")
        defer { home.remove() }
        chmod(home.credentialsPath, 0o600)
        chmod(home.configPath, 0o600)
        let clean = try home.mfaguard(["doctor"])
        #expect(clean.status == 0, "stdout: \(clean.stdout) stderr: \(clean.stderr)")
        #expect(clean.stdout == "No problems found.\n")
        try Data("[profile broken\nregion = x\n".utf8).write(to: URL(fileURLWithPath: home.configPath))
        let broken = try home.mfaguard(["doctor"])
        #expect(broken.status == 2, "stderr: \(broken.stderr)")
        #expect(broken.stderr.hasPrefix("mfaguard: "))
    }
}
