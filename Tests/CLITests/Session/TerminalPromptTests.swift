import Foundation
import TestSupport
import Testing

/// The MFA prompt on a real pseudo-terminal (Python's `pty` gives the shell a controlling terminal
/// and types the code when the prompt appears), with stdout captured by `$(…)`.
@Suite struct TerminalPromptTests {
    /// Runs `command` under `sh -c` on a new pty, answering every MFA prompt with `123456`; prints JSON
    /// with everything the terminal showed, the exit status and the number of prompts.
    static let harness = """
        import json, os, pty, select, sys, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp("sh", ["sh", "-c", sys.argv[1]])
        output, prompts, deadline = b"", 0, time.time() + 60
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if fd not in ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            output += data
            if output.count(b"MFA code for") > prompts:
                prompts += 1
                os.write(fd, b"123456\\n")
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"output": output.decode("utf-8", "replace"), "status": os.waitstatus_to_exitcode(status),
                          "prompts": prompts}))
        """

    struct Outcome: Decodable {
        var output: String
        var status: Int
        var prompts: Int
    }

    func run(_ command: String, in home: SessionHome) throws -> Outcome {
        let result = try ChildProcess.python(Self.harness, [command], environment: try home.environment())
        return try JSONDecoder().decode(Outcome.self, from: result.stdoutData)
    }

    static let config = "[profile base]\nmfa_serial = \(SessionHome.serial)\n"
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    @Test func exportInCommandSubstitutionPromptsOnTheTerminal() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let outcome = try run(
            """
            out=$(mfaguard session --profile base --export) || exit 9
            printf 'CAPTURED<%s>\\n' "$out"
            eval "$out"
            aws sts get-caller-identity --output text --query Account
            """, in: home)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.prompts == 1)
        // The prompt went to the terminal, not into the captured stdout.
        let captured = try #require(outcome.output.split(separator: "CAPTURED<").last)
        #expect(captured.hasPrefix("export AWS_ACCESS_KEY_ID="))
        #expect(!captured.contains("MFA code"))
        // The exported session works for the AWS CLI.
        #expect(outcome.output.contains("123456789012"))
        #expect(try home.stats().actions["GetSessionToken"] == 1)
    }

    @Test func rejectedCodeIsAskedForAgainOnTheTerminal() throws {
        let home = try SessionHome(
            config: Self.config, credentials: Self.credentials,
            failActions: [
                "GetSessionToken*1:AccessDenied:MultiFactorAuthentication failed with invalid MFA one time pass code. "
            ])
        defer { home.remove() }
        let outcome = try run("mfaguard session --profile base --json --no-cache", in: home)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.prompts == 2)
        #expect(outcome.output.contains("That code was rejected"))
        #expect(outcome.output.contains("\"Version\":1"))
        #expect(try home.stats().actions["GetSessionToken"] == 2)
    }

    @Test func credentialProcessPromptsOnTheTerminalOfTheAWSCLI() throws {
        let home = try SessionHome(
            config: Self.config + "\n[profile dev]\ncredential_process = mfaguard credential-process --profile base\n",
            credentials: Self.credentials)
        defer { home.remove() }
        let outcome = try run("aws --profile dev sts get-caller-identity --output text --query Account", in: home)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.prompts == 1)
        #expect(outcome.output.contains("123456789012"))
    }
}
