import Foundation
import TestSupport
import Testing

/// Values with line breaks, from flags or from AWS answers, never become lines of `~/.aws` files
/// (issue 13, item 2): each source ends in a one-line error, the file byte for byte as it was, and
/// botocore (the oracle) sees exactly the sections and keys that were there.
@Suite struct InjectionTests {
    static let config = """
        [default]
        region = us-east-1

        [profile base]
        mfa_serial = \(SessionHome.serial)

        """
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """
    static let payload =
        "\ncredential_process = sh -c 'touch /tmp/mfaguard-pwned'\n[base]\naws_access_key_id = AKIDINJECTED"

    /// botocore's view of the home's two files: every profile with its keys.
    static func botocoreProfiles(_ home: SessionHome) throws -> [String: [String: String]] {
        let script = TestPaths.repoRoot.appendingPathComponent("scripts/testing/botocore_profiles.py").path
        let result = try ChildProcess.run(
            "python3", [script],
            environment: try home.environment([
                "AWS_CONFIG_FILE": home.configPath, "AWS_SHARED_CREDENTIALS_FILE": home.credentialsPath,
            ]))
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(object["error"] == nil, "botocore refused the files: \(object)")
        return try #require(object["profiles"] as? [String: [String: String]])
    }

    static let expectedProfiles: [String: [String: String]] = [
        "default": ["region": "us-east-1"],
        "base": [
            "mfa_serial": SessionHome.serial, "aws_access_key_id": SessionHome.baseKey.0,
            "aws_secret_access_key": SessionHome.baseKey.1,
        ],
    ]

    func expectUntouched(_ home: SessionHome) throws {
        #expect(try String(contentsOfFile: home.configPath, encoding: .utf8) == Self.config)
        #expect(try String(contentsOfFile: home.credentialsPath, encoding: .utf8) == Self.credentials)
        #expect(try Self.botocoreProfiles(home) == Self.expectedProfiles)
    }

    @Test(arguments: [
        (["--mfa-serial", SessionHome.serial + payload], "--mfa-serial"),
        (["--role-arn", "arn:aws:iam::123456789012:role/admin" + payload], "--role-arn"),
        (["--role-arn", "arn:aws:iam::123456789012:role/admin\r"], "--role-arn"),
        // (NUL cannot be passed in an argument: the flag sources are tested with the others; the
        // editor's own test covers NUL.) A terminal escape instead:
        (["--mfa-serial", SessionHome.serial + "\u{1B}]0;pwned\u{7}"], "--mfa-serial"),
    ])
    func configureRefusesFlagsWithControlCharacters(flags: [String], field: String) throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard(
            ["configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--credential-process", "--yes"]
                + flags)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("mfaguard: \(field) contains a control character"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        try expectUntouched(home)
    }

    @Test func configureRefusesASerialNumberWithALineBreakFromListMFADevices() throws {
        // A hostile endpoint: moto's real ListMFADevices answer, with a line break and more added to
        // the serial number.
        let home = try SessionHome(
            config: Self.config, credentials: Self.credentials,
            rewrites: [
                FaultProxy.Rewrite(
                    action: "ListMFADevices", pattern: "</SerialNumber>",
                    replacement: Self.payload.replacingOccurrences(of: "\\", with: "\\\\") + "</SerialNumber>")
            ])
        defer { home.remove() }
        let (keyID, secret, _) = try makeUserWithDevice(home)
        // Base's keys belong to that user now, and base names no device, so configure asks IAM.
        let config = "[default]\nregion = us-east-1\n\n[profile base]\n"
        try Data(config.utf8).write(to: URL(fileURLWithPath: home.configPath))
        let credentials = "[base]\naws_access_key_id = \(keyID)\naws_secret_access_key = \(secret)\n"
        try Data(credentials.utf8).write(to: URL(fileURLWithPath: home.credentialsPath))
        let result = try home.mfaguard([
            "configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--credential-process", "--yes",
        ])
        #expect(result.status == 3, "stderr: \(result.stderr)")
        #expect(
            result.stderr.hasPrefix(
                "mfaguard: IAM ListMFADevices answered with a SerialNumber that contains a control"),
            "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try home.stats().faults["rewrite:ListMFADevices"] == 1)
        #expect(try String(contentsOfFile: home.configPath, encoding: .utf8) == config)
        #expect(try String(contentsOfFile: home.credentialsPath, encoding: .utf8) == credentials)
        let profiles = try Self.botocoreProfiles(home)
        #expect(profiles.keys.sorted() == ["base", "default"])
        #expect(profiles["base"] == ["aws_access_key_id": keyID, "aws_secret_access_key": secret])
    }

    @Test func writeProfileRefusesASessionTokenWithALineBreakFromSTS() throws {
        let home = try SessionHome(
            config: Self.config, credentials: Self.credentials,
            rewrites: [
                FaultProxy.Rewrite(
                    action: "GetSessionToken", pattern: "</SessionToken>",
                    replacement: "\n[base]\naws_access_key_id = AKIDINJECTED</SessionToken>")
            ])
        defer { home.remove() }
        let result = try home.mfaguard(["session", "--profile", "base", "--write-profile", "mfa", "--code", "123456"])
        #expect(result.status == 3, "stderr: \(result.stderr)")
        #expect(
            result.stderr.hasPrefix("mfaguard: STS GetSessionToken answered with a SessionToken that contains"),
            "\(result.stderr)")
        #expect(try home.stats().faults["rewrite:GetSessionToken"] == 1)
        try expectUntouched(home)
        // Nothing reached the cache either.
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory)) ?? []
        #expect(!cached.contains { $0.hasSuffix(".json") })
    }

    @Test func writeProfileRefusesAProfileNameWithALineBreak() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard([
            "session", "--profile", "base", "--write-profile", "mfa]\n[base", "--code", "123456",
        ])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("the profile name contains a control character (U+000A)"), "\(result.stderr)")
        // Refused before any code was used.
        #expect(try home.stats().actions["GetSessionToken"] == nil)
        try expectUntouched(home)
    }
}

/// Creates a moto user with an access key and an enabled virtual MFA device, through the AWS CLI.
func makeUserWithDevice(_ home: SessionHome) throws -> (keyID: String, secret: String, serial: String) {
    let admin: [String: String?] = ["AWS_ACCESS_KEY_ID": "AKIDADMIN00000001", "AWS_SECRET_ACCESS_KEY": "x"]
    let user = "injection-\(UUID().uuidString.prefix(8))"
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
            "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", user, "--outfile", home.path + "/qr.png",
            "--bootstrap-method", "QRCodePNG", "--query", "VirtualMFADevice.SerialNumber", "--output", "text",
        ], admin)
    let serial = device.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let enabled = try home.aws(
        [
            "iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial, "--authentication-code1",
            "123456", "--authentication-code2", "654321",
        ], admin)
    try #require(enabled.status == 0, "\(enabled.stderr)")
    return (parts[0], parts[1], serial)
}
