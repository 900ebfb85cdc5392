import Foundation
import TestSupport
import Testing

/// The profiles `configure mfa-profile` writes work where users use them: the AWS CLI (botocore's
/// own parsing and credential chain) and `mfaguard --profile`, with mfaguard not on PATH.
@Suite struct ConfigureProfileTests {
    static let config = """
        [default]
        region = us-east-1

        [profile base]
        mfa_serial = \(SessionHome.serial)
        mfa_process = echo 123456

        """
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """
    static let roleARN = "arn:aws:iam::123456789012:role/admin"

    /// A user's environment without mfaguard on PATH: only the system's and the AWS CLI's directories.
    static func userEnvironment(_ home: SessionHome) throws -> [String: String] {
        let venv = TestPaths.repoRoot.appendingPathComponent(".venv/bin").path
        return try home.environment(["PATH": venv + ":/usr/bin:/bin"])
    }

    /// Runs `executable` without a controlling terminal in the user's environment.
    static func run(_ executable: String, _ arguments: [String], in home: SessionHome) throws -> ChildProcess.Result {
        try ChildProcess.run("setsid", ["-w", executable] + arguments, environment: try userEnvironment(home))
    }

    struct Profile: Decodable {
        var config: [String: String]
        /// `credential_process` split as botocore splits it; nil without one.
        var words: [String]?
    }

    /// The profile as botocore reads it.
    static func botocoreProfile(_ name: String, in home: SessionHome) throws -> Profile {
        let result = try ChildProcess.python(
            """
            import json, sys, botocore.session
            from botocore.compat import compat_shell_split
            config = botocore.session.Session(profile=sys.argv[1]).get_scoped_config()
            line = config.get("credential_process")
            print(json.dumps({"config": config, "words": compat_shell_split(line) if line else None}))
            """, [name], environment: try home.environment())
        return try JSONDecoder().decode(Profile.self, from: result.stdoutData)
    }

    /// The path with symbolic links resolved, as Python resolves it.
    static func realpath(_ path: String) throws -> String {
        try ChildProcess.python("import os, sys; print(os.path.realpath(sys.argv[1]))", [path]).stdout
            .trimmingCharacters(in: .newlines)
    }

    @Test func defaultProfileWorksForTheAWSCLIAndForMFAGuard() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        // As after `make release`: mfaguard is not on the user's PATH.
        #expect(try Self.run("/bin/sh", ["-c", "command -v mfaguard"], in: home).status != 0)
        let result = try Self.run(
            try home.binary, ["configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--yes"],
            in: home)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        // The test binary is the release build: its path goes through .build, so the user is warned.
        #expect(result.stderr.hasPrefix("mfaguard: warning: credential_process will run "), "\(result.stderr)")
        #expect(result.stderr.contains("inside a build folder (.build)"))
        #expect(result.stderr.split(separator: "\n").count == 1)

        let profile = try Self.botocoreProfile("work", in: home)
        #expect(profile.words == [try Self.realpath(try home.binary), "credential-process", "--profile", "work"])
        #expect(profile.config["source_profile"] == "base")
        #expect(profile.config["mfa_serial"] == SessionHome.serial)

        let identity = try Self.run(
            try ChildProcess.locate("aws"),
            ["--profile", "work", "sts", "get-caller-identity", "--output", "text", "--query", "Account"], in: home)
        #expect(identity.status == 0, "aws: \(identity.stderr)")
        #expect(identity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "123456789012")
        let whoami = try Self.run(try home.binary, ["whoami", "--profile", "work", "--format", "json"], in: home)
        #expect(whoami.status == 0, "whoami: \(whoami.stderr)")
        #expect(whoami.stdout.contains("123456789012"))
        // One MFA session, made for the AWS CLI and reused from the cache by whoami.
        #expect(try home.stats().actions["GetSessionToken"] == 1)
    }

    @Test func anInstalledCopyIsWrittenByItsResolvedPathAndQuotedForBotocore() throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        // `make install`'s layout under a prefix with a space and both quotes, run through a symlink.
        let prefix = home.path + "/opt it's \"here\""
        let manager = FileManager.default
        try manager.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: prefix + "/libexec/mfaguard", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: home.path + "/links", withIntermediateDirectories: true)
        let built = (try home.binary as NSString).deletingLastPathComponent
        try manager.linkItem(atPath: built + "/mfaguard", toPath: prefix + "/bin/mfaguard")
        try manager.linkItem(
            atPath: built + "/mfaguard-commands", toPath: prefix + "/libexec/mfaguard/mfaguard-commands")
        try manager.createSymbolicLink(
            atPath: home.path + "/links/mfaguard", withDestinationPath: prefix + "/bin/mfaguard")

        let result = try Self.run(
            home.path + "/links/mfaguard",
            ["configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--yes"], in: home)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty, "an installed copy needs no warning: \(result.stderr)")
        let profile = try Self.botocoreProfile("work", in: home)
        #expect(
            profile.words == [try Self.realpath(prefix + "/bin/mfaguard"), "credential-process", "--profile", "work"])
        let identity = try Self.run(
            try ChildProcess.locate("aws"),
            ["--profile", "work", "sts", "get-caller-identity", "--output", "text", "--query", "Account"], in: home)
        #expect(identity.status == 0, "aws: \(identity.stderr)")
        #expect(identity.stdout.contains("123456789012"))
    }

    @Test func roleProfileIsTheAWSCLIsOwnFormAndReplacesTheEarlierSetupVisibly() throws {
        // No mfa_process: the AWS CLI and mfaguard each ask for the code on the terminal.
        let config = "[default]\nregion = us-east-1\n\n[profile base]\nmfa_serial = \(SessionHome.serial)\n"
        let home = try SessionHome(config: config, credentials: Self.credentials)
        defer { home.remove() }
        let first = try Self.run(
            try home.binary, ["configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--yes"],
            in: home)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try Self.run(
            try home.binary,
            [
                "configure", "mfa-profile", "--name", "work", "--source-profile", "base", "--role-arn", Self.roleARN,
                "--yes",
            ], in: home)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let lines = second.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("-credential_process = ") }, "\(second.stdout)")
        #expect(lines.contains("+role_arn = \(Self.roleARN)"), "\(second.stdout)")
        #expect(second.stderr.isEmpty, "no credential_process, no build-folder warning: \(second.stderr)")

        let profile = try Self.botocoreProfile("work", in: home)
        #expect(profile.words == nil)
        #expect(profile.config["role_arn"] == Self.roleARN)
        #expect(profile.config["source_profile"] == "base")
        #expect(profile.config["mfa_serial"] == SessionHome.serial)

        let venv = TestPaths.repoRoot.appendingPathComponent(".venv/bin").path
        let outcome = try TerminalHarness.run(
            """
            PATH='\(venv)':/usr/bin:/bin
            aws --profile work sts get-caller-identity --output text --query Arn || exit 7
            '\(try home.binary)' whoami --profile work --format json || exit 8
            """, answer: "n", in: home)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.mfaPrompts == 2)
        #expect(outcome.output.components(separatedBy: "assumed-role/admin/").count == 3, "\(outcome.output)")
        #expect(try home.stats().actions["AssumeRole"] == 2)
    }
}

/// Runs a shell command on a new pseudo-terminal (Python's `pty`): MFA prompts get `123456`, the
/// confirmation question gets `answer`.
enum TerminalHarness {
    static let script = """
        import json, os, pty, select, sys, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp("sh", ["sh", "-c", sys.argv[1]])
        output, mfa, questions, deadline = b"", 0, 0, time.time() + 120
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
            if output.count(b"MFA code for") > mfa:
                mfa += 1
                os.write(fd, b"123456\\n")
            if output.count(b"[y/N]") > questions:
                questions += 1
                os.write(fd, sys.argv[2].encode() + b"\\n")
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"output": output.decode("utf-8", "replace"), "status": os.waitstatus_to_exitcode(status),
                          "mfaPrompts": mfa, "questions": questions}))
        """

    struct Outcome: Decodable {
        var output: String
        var status: Int
        var mfaPrompts: Int
        var questions: Int
    }

    static func run(_ command: String, answer: String, in home: SessionHome) throws -> Outcome {
        let result = try ChildProcess.python(script, [command, answer], environment: try home.environment())
        return try JSONDecoder().decode(Outcome.self, from: result.stdoutData)
    }
}
