import Foundation
import TestSupport
import Testing

/// Re-running `configure mfa-profile` shows what changes (a diff `patch` accepts), asks, and writes
/// nothing when nothing changes; it takes the global options; the device rule is the same as session's.
@Suite struct ConfigureDiffTests {
    static let config = ConfigureCommandTests.config
    static let credentials = ConfigureCommandTests.credentials

    static func inode(_ path: String) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// The diff lines of `stdout`: from the `---` header to the last hunk line.
    static func diffLines(_ stdout: String) -> [String] {
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("--- ") }) else { return [] }
        let body = lines[start...].prefix { line in
            line.hasPrefix("---") || line.hasPrefix("+++") || line.hasPrefix("@@") || line.hasPrefix(" ")
                || line.hasPrefix("+") || line.hasPrefix("-") || line.hasPrefix("\\")
        }
        return Array(body)
    }

    /// Applies `diff` to `before` with GNU patch (the oracle) and returns the result.
    static func patched(_ before: String, with diff: [String], in home: SessionHome) throws -> String {
        let original = home.path + "/patch-original"
        let output = home.path + "/patch-output"
        try Data(before.utf8).write(to: URL(fileURLWithPath: original))
        let result = try ChildProcess.run(
            "patch", ["--quiet", "-o", output, original], stdin: Data((diff.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "patch: \(result.stdout) \(result.stderr)")
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    @Test(arguments: ["work", "fresh"])
    func theDiffIsWhatIsWrittenAndShowsNoOtherProfile(name: String) throws {
        // No newline at the end: appending a section changes the last line of another profile.
        let before = Self.config
        let home = try SessionHome(config: before, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard([
            "configure", "mfa-profile", "--name", name, "--source-profile", "base", "--duration", "8h", "--yes",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let diff = Self.diffLines(result.stdout)
        #expect(diff.first == "--- \(home.configPath)")
        #expect(diff.contains("+duration_seconds = 28800"))
        let after = try String(contentsOfFile: home.configPath, encoding: .utf8)
        #expect(try Self.patched(before, with: diff, in: home) == after)
        if name == "work" {
            // The replaced role_arn is shown; lines of other profiles are not.
            #expect(diff.contains("-role_arn = arn:aws:iam::123456789012:role/old"))
            #expect(diff.contains(" [profile work]"))
            #expect(!diff.contains { $0.contains("region") || $0.contains("zzz") }, "\(diff)")
        }
    }

    @Test func aProfileWithItsOwnKeysIsRefusedForCredentialProcessAndItsSecretIsNeverShown() throws {
        let secret = "configsecret/NEVER-SHOWN"
        let config =
            Self.config + "\n[profile keyed]\naws_access_key_id = AKIDKEYED\naws_secret_access_key = \(secret)\n"
        let home = try SessionHome(config: config, credentials: Self.credentials)
        defer { home.remove() }
        // botocore would use these keys before credential_process: that profile would never ask for MFA.
        let refused = try home.mfaguard([
            "configure", "mfa-profile", "--name", "keyed", "--source-profile", "base", "--yes",
        ])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("holds aws_access_key_id"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: home.configPath, encoding: .utf8) == config)
        // With a role the AWS CLI assumes it before looking at keys; the diff shows the section redacted.
        let role = try home.mfaguard([
            "configure", "mfa-profile", "--name", "keyed", "--source-profile", "base", "--role-arn",
            "arn:aws:iam::123456789012:role/admin", "--yes",
        ])
        #expect(role.status == 0, "stderr: \(role.stderr)")
        #expect(!role.stdout.contains(secret) && !role.stderr.contains(secret))
        #expect(Self.diffLines(role.stdout).contains(" aws_secret_access_key = <redacted>"), "\(role.stdout)")
        #expect(try String(contentsOfFile: home.configPath, encoding: .utf8).contains(secret))
    }

    @Test func aRunThatChangesNothingSaysSoAndWritesNothing() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let arguments = ["configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--duration", "8h"]
        #expect(try home.mfaguard(arguments + ["--yes"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: home.configPath))
        let inode = try Self.inode(home.configPath)
        // Without --yes and without a terminal: nothing to ask, so no refusal either.
        let again = try home.mfaguard(arguments)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout == "Profile 'work' in \(home.configPath) already has these settings; nothing written.\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.configPath)) == bytes)
        #expect(try Self.inode(home.configPath) == inode, "the file was replaced")
    }

    @Test func droppingLinesItWroteNeedsConfirmation() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let arguments = ["configure", "mfa-profile", "--name", "work", "--source-profile", "base"]
        #expect(try home.mfaguard(arguments + ["--duration", "8h", "--yes"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: home.configPath))
        let refused = try home.mfaguard(arguments)
        #expect(refused.status == 2)
        #expect(Self.diffLines(refused.stdout).contains("-duration_seconds = 28800"), "\(refused.stdout)")
        // Besides the build-folder warning (the test binary is the release build), one line.
        let error = refused.stderr.split(separator: "\n").filter { !$0.hasPrefix("mfaguard: warning: ") }
        #expect(error.count == 1, "\(refused.stderr)")
        #expect(error.first?.hasPrefix("mfaguard: ") == true && error.first?.contains("--yes") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.configPath)) == bytes)

        // On a terminal: "n" keeps the file, "y" writes it.
        let command = ([try home.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let declined = try TerminalHarness.run(command, answer: "n", in: home)
        #expect(declined.questions == 1, "\(declined.output)")
        #expect(declined.status == 2, "\(declined.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.configPath)) == bytes)
        let accepted = try TerminalHarness.run(command, answer: "y", in: home)
        #expect(accepted.questions == 1 && accepted.status == 0, "\(accepted.output)")
        let after = try String(contentsOfFile: home.configPath, encoding: .utf8)
        #expect(!after.contains("duration_seconds"))
        #expect(after.contains("credential_process = "))
    }

    @Test func takesTheGlobalOptionsOfTheOtherCommands() throws {
        let home = try SessionHome(config: "[default]\nregion = us-east-1\n", credentials: "")
        defer { home.remove() }
        let (keyID, secret, serial) = try makeUserWithDevice(home)
        try Data("[default]\nregion = us-east-1\n\n[profile base]\n".utf8).write(
            to: URL(fileURLWithPath: home.configPath))
        try Data("[base]\naws_access_key_id = \(keyID)\naws_secret_access_key = \(secret)\n".utf8).write(
            to: URL(fileURLWithPath: home.credentialsPath))
        // --profile names the source profile, whose keys look the device up (logged by --debug).
        let result = try home.mfaguard(
            [
                "configure", "mfa-profile", "--profile", "base", "--name", "work", "--region", "us-east-1",
                "--endpoint-url", home.proxy.url, "--debug", "--no-color", "--yes",
            ], ["AWS_ENDPOINT_URL": nil])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("ListMFADevices"), "no debug log: \(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
        let profile = try ConfigureProfileTests.botocoreProfile("work", in: home)
        #expect(profile.config["source_profile"] == "base")
        #expect(profile.config["mfa_serial"] == serial)

        let conflicting = try home.mfaguard([
            "configure", "mfa-profile", "--profile", "other", "--source-profile", "base", "--name", "work", "--yes",
        ])
        #expect(conflicting.status == 2)
        #expect(conflicting.stderr.hasPrefix("mfaguard: --profile other and --source-profile base differ"))
        let help = try home.mfaguard(["configure", "mfa-profile", "--help"])
        for option in ["--profile", "--region", "--endpoint-url", "--debug", "--no-color"] {
            #expect(help.stdout.contains(option), "\(option) missing from the help")
        }
        #expect(help.stdout.contains("AWS region (default: AWS_REGION"))
    }

    @Test func credentialProcessFindsTheDeviceAsSessionDoes() throws {
        let home = try SessionHome(config: "[default]\nregion = us-east-1\n", credentials: "")
        defer { home.remove() }
        let (keyID, secret, serial) = try makeUserWithDevice(home)
        // Base names no device: both commands ask IAM for the caller's only one.
        try Data("[profile base]\nmfa_process = echo 123456\n".utf8).write(to: URL(fileURLWithPath: home.configPath))
        try Data("[base]\naws_access_key_id = \(keyID)\naws_secret_access_key = \(secret)\n".utf8).write(
            to: URL(fileURLWithPath: home.credentialsPath))
        let process = try home.mfaguard(["credential-process", "--profile", "base"])
        #expect(process.status == 0, "stderr: \(process.stderr)")
        let document = try #require(try processDocument(process))
        #expect(try home.stats().actions["ListMFADevices"] == 1)
        // session finds the same device: the session cached under that serial is the one it returns.
        let session = try home.mfaguard(["session", "--profile", "base", "--json"])
        #expect(session.status == 0, "stderr: \(session.stderr)")
        #expect(try processDocument(session)?["AccessKeyId"] as? String == document["AccessKeyId"] as? String)
        #expect(try home.stats().actions["GetSessionToken"] == 1)
        let hash = try ChildProcess.python(
            "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())",
            ["mfaguard-session-v1\n\(keyID)\n\(serial)"]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: home.cacheDirectory + "/\(hash).json"))
    }
}
