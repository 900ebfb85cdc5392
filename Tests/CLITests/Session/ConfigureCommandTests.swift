import Foundation
import TestSupport
import Testing

/// `mfaguard configure mfa-profile`, checked with botocore's own config loader and the AWS CLI.
@Suite struct ConfigureCommandTests {
    static let config = """
        # company profiles
        [default]
        region = eu-west-1

        [profile work]
        ; replaced by mfaguard
        role_arn = arn:aws:iam::123456789012:role/old
        output=json

        [profile base]
        region   =   us-east-1
        mfa_serial = \(SessionHome.serial)
        mfa_process = echo 123456
        [profile zzz]
        output = text
        """

    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    @Test func writesOnlyItsProfileAndTheAWSCLIUsesIt() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let result = try home.mfaguard(
            [
                "configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--duration", "8h",
                "--credential-process", "--yes",
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("[profile work]"))
        let after = try String(contentsOfFile: home.configPath, encoding: .utf8)
        #expect(removingSection("profile work", from: after) == removingSection("profile work", from: Self.config))

        let botocore = try ChildProcess.python(
            """
            import json, botocore.session
            print(json.dumps(botocore.session.Session(profile="work").get_scoped_config()))
            """, environment: try home.environment())
        let profile = try #require(try JSONSerialization.jsonObject(with: botocore.stdoutData) as? [String: String])
        #expect(profile["source_profile"] == "base")
        #expect(profile["mfa_serial"] == SessionHome.serial)
        #expect(profile["duration_seconds"] == "28800")
        let program = try ConfigureProfileTests.realpath(try home.binary)
        #expect(profile["credential_process"] == "\(program) credential-process --profile work")
        #expect(profile["role_arn"] == nil)
        #expect(profile["output"] == "json")

        // The profile works: the AWS CLI runs mfaguard (by its path), which takes base's keys and
        // base's mfa_process.
        let identity = try home.aws([
            "--profile", "work", "sts", "get-caller-identity", "--output", "text", "--query", "Account",
        ])
        #expect(identity.status == 0, "aws: \(identity.stderr)")
        #expect(identity.stdout.contains("123456789012"))
        #expect(try home.stats().actions["GetSessionToken"] == 1)
    }

    @Test func refusesAProfileThatIsItsOwnSource() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let before = try Data(contentsOf: URL(fileURLWithPath: home.configPath))
        let result = try home.mfaguard([
            "configure", "mfa-profile", "--name", "base", "--source-profile", "base", "--yes",
        ])
        #expect(result.status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.configPath)) == before)
    }

    @Test func withoutYesAndWithoutATerminalNothingIsWritten() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let before = try Data(contentsOf: URL(fileURLWithPath: home.configPath))
        let result = try home.mfaguard(["configure", "mfa-profile", "--name", "new", "--source-profile", "base"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("[profile new]"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: home.configPath)) == before)
    }
}
