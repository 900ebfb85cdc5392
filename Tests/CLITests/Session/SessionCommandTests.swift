import Foundation
import TestSupport
import Testing

/// `mfaguard session` end to end on moto, with the AWS CLI as the oracle for what it writes.
@Suite struct SessionCommandTests {
    static let config = """
        [default]
        region = us-east-1

        [profile base]
        mfa_serial = \(SessionHome.serial)

        """

    /// A credentials file with comments, odd spacing, and an old `mfa` section between other profiles.
    static let credentials = """
        # personal keys, do not share
        [default]
        aws_access_key_id=AKIDDEFAULT000001
        aws_secret_access_key   =   defaultsecret
          ; an indented comment

        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)
        [mfa]
        # the last session, replaced by mfaguard
        aws_access_key_id = AKIDOLDSESSION001
        aws_session_token = old-token
        region=eu-west-1

        [other]	
        aws_access_key_id = AKIDOTHER00000001
        aws_secret_access_key = othersecret
        # trailing comment without newline
        """

    @Test func writeProfileIsUsableByTheAWSCLIAndLeavesTheRestOfTheFileAlone() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard(["session", "--profile", "base", "--write-profile", "mfa", "--code", "123456"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try home.stats().actions["GetSessionToken"] == 1)

        let after = try String(contentsOfFile: home.credentialsPath, encoding: .utf8)
        #expect(removingSection("mfa", from: after) == removingSection("mfa", from: Self.credentials))
        #expect(try fileMode(home.credentialsPath) == 0o600)
        #expect(!after.contains("AKIDOLDSESSION001") && !after.contains("old-token"))

        let identity = try home.aws(["--profile", "mfa", "sts", "get-caller-identity", "--output", "json"])
        #expect(identity.status == 0, "aws: \(identity.stderr)")
        #expect(identity.stdout.contains("\"Account\": \"123456789012\""))
        let stats = try home.stats()
        #expect(stats.actions["GetCallerIdentity"] == 1)
        // The proxy learnt the session keys from STS's answer and checked the CLI's signature with them.
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")
        #expect(stats.signature_ok == 2)
        let expiration = try home.aws(["configure", "get", "expiration", "--profile", "mfa"])
        #expect(expiration.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("Z"))
    }

    @Test func exportAndJSONPrintTheSameSession() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let json = try #require(
            try processDocument(try home.mfaguard(["session", "--profile", "base", "--json", "--code", "123456"])))
        #expect(json["Version"] as? Int == 1)
        let exported = try home.mfaguard(["session", "--profile", "base", "--export"])
        #expect(exported.status == 0, "stderr: \(exported.stderr)")
        // The second call reused the cached session: no second code, no second STS request.
        #expect(try home.stats().actions["GetSessionToken"] == 1)
        // A shell reads the export lines back to the same values.
        let shell = try ChildProcess.run(
            "sh",
            [
                "-c",
                exported.stdout
                    + "\nprintf '%s|%s|%s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\"",
            ])
        let keyID = try #require(json["AccessKeyId"] as? String)
        let secret = try #require(json["SecretAccessKey"] as? String)
        let token = try #require(json["SessionToken"] as? String)
        #expect(shell.stdout == "\(keyID)|\(secret)|\(token)")
    }

    @Test(arguments: [
        (["--duration", "37h"], "outside what GetSessionToken allows"),
        (
            ["--duration", "13h", "--role-arn", "arn:aws:iam::123456789012:role/admin"],
            "outside what AssumeRole allows"
        ),
        (["--duration", "8x"], "is not a duration"),
        (["--code", "12345"], "not 6 digits"),
    ])
    func refusesBadInputWithExitCode2(arguments: [String], message: String) throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard(["session", "--profile", "base", "--json"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(try home.stats().requests == 0)
    }

    @Test func rejectedCodeSaysSo() throws {
        let home = try SessionHome(
            config: Self.config, credentials: Self.credentials,
            failActions: [
                "GetSessionToken:AccessDenied:MultiFactorAuthentication failed with invalid MFA one time pass code. "
            ])
        defer { home.remove() }
        let result = try home.mfaguard(["session", "--profile", "base", "--json", "--code", "123456"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("STS rejected the MFA code from --code"), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func roleMaximumSessionDurationIsExplained() throws {
        let home = try SessionHome(
            config: Self.config, credentials: Self.credentials,
            failActions: [
                "AssumeRole:ValidationError:The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
            ])
        defer { home.remove() }
        let result = try home.mfaguard(
            [
                "session", "--profile", "base", "--json", "--code", "123456", "--duration", "12h", "--role-arn",
                "arn:aws:iam::123456789012:role/admin",
            ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("MaxSessionDuration") && result.stderr.contains("12h"), "\(result.stderr)")
        #expect(try home.stats().actions["AssumeRole"] == 1)
    }

    @Test func fidoOnlyDeviceIsExplained() throws {
        let config = "[profile base]\nmfa_serial = arn:aws:iam::123456789012:u2f/user/alice/key-ABCDEF\n"
        let home = try SessionHome(config: config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard(["session", "--profile", "base", "--json", "--code", "123456"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("FIDO security key") && result.stderr.contains("aws login"), "\(result.stderr)")
    }

    @Test func noTerminalAndNoCodeSourceIsAnError() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard(["session", "--profile", "base", "--json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no terminal to ask on"), "stderr: \(result.stderr)")
    }

    @Test func deviceIsLookedUpWhenTheProfileNamesNone() throws {
        // moto: a user with keys and one virtual device, created through the AWS CLI.
        let home = try SessionHome(config: "[profile base]\n", credentials: Self.credentials)
        defer { home.remove() }
        let admin: [String: String?] = ["AWS_ACCESS_KEY_ID": "AKIDADMIN00000001", "AWS_SECRET_ACCESS_KEY": "x"]
        let user = "session-lookup-\(UUID().uuidString.prefix(8))"
        #expect(try home.aws(["iam", "create-user", "--user-name", user], admin).status == 0)
        let keys = try home.aws(
            [
                "iam", "create-access-key", "--user-name", user, "--query", "AccessKey.[AccessKeyId,SecretAccessKey]",
                "--output", "text",
            ], admin)
        let parts = keys.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        try #require(parts.count == 2, "\(keys.stderr)")
        let device = try home.aws(
            [
                "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", user, "--outfile",
                home.path + "/qr.png",
                "--bootstrap-method", "QRCodePNG", "--query", "VirtualMFADevice.SerialNumber", "--output", "text",
            ], admin)
        let serial = device.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            try home.aws(
                [
                    "iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
                    "--authentication-code1", "123456", "--authentication-code2", "654321",
                ], admin
            ).status == 0)
        let result = try home.mfaguard(
            ["session", "--json", "--code", "123456"],
            ["AWS_ACCESS_KEY_ID": parts[0], "AWS_SECRET_ACCESS_KEY": parts[1]])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try home.stats().actions["ListMFADevices"] == 1)
        // The session is cached under that device's serial: SHA-256 as Python computes it.
        let hash = try ChildProcess.python(
            "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())",
            ["mfaguard-session-v1\n\(parts[0])\n\(serial)"]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: home.cacheDirectory + "/\(hash).json"))
    }
}
