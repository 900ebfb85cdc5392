import AWSClient
import Foundation
import MFAGuardKit
import TestSupport
import Testing

/// Where codes come from, and what counts as a code.
@Suite struct MFACodeSourceTests {
    let environment = AWSEnvironment(variables: ["PATH": "/usr/bin:/bin"], homeDirectory: "/nonexistent")

    @Test func precedenceIsCodeThenCommandThenProfileProcessThenTerminal() {
        let all = MFACodeSource(code: "123456", command: "c", profileProcess: "p", environment: environment)
        #expect(all.origin == .given("123456"))
        #expect(
            MFACodeSource(code: nil, command: "c", profileProcess: "p", environment: environment).origin
                == .command("c"))
        #expect(
            MFACodeSource(code: nil, command: nil, profileProcess: "p", environment: environment).origin
                == .profileProcess("p"))
        let terminal = MFACodeSource(code: nil, command: nil, profileProcess: nil, environment: environment)
        #expect(terminal.origin == .terminal(path: "/dev/tty"))
        #expect(terminal.canAskAgain && !all.canAskAgain)
    }

    /// `ykman oath accounts code` prints `NAME  CODE`; `--single` prints the code alone.
    @Test(arguments: ["printf '123456\\n'", "printf 'Amazon Web Services:alice  123456\\n'", "echo ' 123456 '"])
    func commandOutputYieldsTheCode(command: String) async throws {
        let source = MFACodeSource(code: nil, command: command, profileProcess: nil, environment: environment)
        #expect(try await source.code(serial: "arn:aws:iam::123456789012:mfa/alice", profile: "p") == "123456")
    }

    @Test(arguments: ["echo 12345", "echo abcdef", "true", "echo 1234567"])
    func commandOutputWithoutSixDigitsIsRefused(command: String) async {
        let source = MFACodeSource(code: nil, command: command, profileProcess: nil, environment: environment)
        await #expect(throws: SessionError.malformedCode(origin: "--code-command")) {
            try await source.code(serial: "s", profile: "p")
        }
    }

    @Test func failingCommandIsReportedWithItsStatus() async {
        let source = MFACodeSource(code: nil, command: "exit 3", profileProcess: nil, environment: environment)
        await #expect(throws: SessionError.codeCommandFailed(command: "exit 3", reason: "exit status 3")) {
            try await source.code(serial: "s", profile: "p")
        }
    }

    @Test func missingTerminalIsReportedAsSuch() async {
        let source = MFACodeSource(
            code: nil, command: nil, profileProcess: nil, environment: environment, terminalPath: "/nonexistent/tty")
        await #expect(throws: SessionError.noTerminal(serial: "s")) { try await source.code(serial: "s", profile: "p") }
    }

    @Test func givenCodeMustBeExactlySixDigits() async throws {
        #expect(
            try await MFACodeSource(code: "012345", command: nil, profileProcess: nil, environment: environment)
                .code(serial: "s", profile: "p") == "012345")
        await #expect(throws: SessionError.malformedCode(origin: "--code")) {
            try await MFACodeSource(code: "12 345678", command: nil, profileProcess: nil, environment: environment)
                .code(serial: "s", profile: "p")
        }
    }

    /// botocore splits `credential_process` with Python's `shlex`: the line must split back into the words.
    @Test func credentialProcessLineQuotesAndCarriesTheRole() throws {
        let setup = MFAProfileSetup(
            name: "my profile", sourceProfile: "base", mfaSerial: "arn:aws:iam::1:mfa/a",
            roleARN: "arn:aws:iam::123456789012:role/admin", credentialProcess: true,
            program: "/opt/my tools/it's \"here\"/bin/mfaguard")
        let split = try ChildProcess.python(
            "import json, shlex, sys; print(json.dumps(shlex.split(sys.argv[1])))", [setup.credentialProcessLine])
        let words = try JSONSerialization.jsonObject(with: split.stdoutData) as? [String]
        #expect(
            words == [
                "/opt/my tools/it's \"here\"/bin/mfaguard", "credential-process", "--profile", "my profile",
                "--role-arn",
                "arn:aws:iam::123456789012:role/admin",
            ])
        #expect(MFASessionTarget.invokesMFAGuardCredentialProcess(setup.credentialProcessLine))
        #expect(!MFASessionTarget.invokesMFAGuardCredentialProcess("aws-vault exec base --json"))
    }
}
