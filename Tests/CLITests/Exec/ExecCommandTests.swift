import Foundation
import TestSupport
import Testing

/// `mfaguard exec PROFILE -- COMMAND` end to end on moto: the AWS CLI as the child, the session in
/// its environment only, exit statuses and signals as a shell passes them.
@Suite struct ExecCommandTests {
    static let config = """
        [profile base]
        mfa_serial = \(SessionHome.serial)
        region = eu-west-2

        """
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    func makeHome() throws -> SessionHome { try SessionHome(config: Self.config, credentials: Self.credentials) }

    /// The one cached session's secret key (the cache is the only file that may hold it).
    func cachedSecret(_ home: SessionHome) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory).filter {
            $0.hasSuffix(".json")
        }
        try #require(names.count == 1, "\(names)")
        let data = try Data(contentsOf: URL(fileURLWithPath: home.cacheDirectory + "/" + names[0]))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["SecretAccessKey"] as? String)
    }

    @Test func theAWSCLIRunsWithTheSession() throws {
        let home = try makeHome()
        defer { home.remove() }
        let result = try home.mfaguard([
            "exec", "base", "--code", "123456", "--", "aws", "sts", "get-caller-identity", "--output", "json",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let identity = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(identity["Account"] as? String == "123456789012")
        let stats = try home.stats()
        #expect(stats.actions["GetSessionToken"] == 1)
        // The CLI signed with the session's keys (the proxy learnt them from STS's answer).
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")
        #expect(stats.signature_ok == 2)
        // A second exec reuses the cached session: no code, no STS call.
        let again = try home.mfaguard(["exec", "base", "--", "true"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 1)
    }

    @Test func theChildSeesOnlyTheSessionNotTheParentsCredentials() throws {
        let home = try makeHome()
        defer { home.remove() }
        let parent: [String: String?] = [
            "AWS_ACCESS_KEY_ID": "AKIDPARENT0000001", "AWS_SECRET_ACCESS_KEY": "parent-secret-value",
            "AWS_SESSION_TOKEN": "parent-token-value", "AWS_PROFILE": "other", "AWS_SECURITY_TOKEN": "parent-old",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/creds", "AWS_ROLE_ARN": "arn:parent",
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/parent/token",
        ]
        let result = try home.mfaguard(["exec", "base", "--code", "123456", "--", "env"], parent)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var variables: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            variables[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        #expect(!result.stdout.contains("parent"))
        for name in ["AWS_PROFILE", "AWS_SECURITY_TOKEN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ROLE_ARN"] {
            #expect(variables[name] == nil, "\(name)")
        }
        #expect(variables["AWS_SECRET_ACCESS_KEY"] == (try cachedSecret(home)))
        #expect(variables["AWS_ACCESS_KEY_ID"] != nil && variables["AWS_ACCESS_KEY_ID"] != SessionHome.baseKey.0)
        #expect(!(variables["AWS_SESSION_TOKEN"] ?? "").isEmpty)
        #expect(variables["AWS_CREDENTIAL_EXPIRATION"]?.hasSuffix("Z") == true)
        #expect(variables["AWS_REGION"] == "eu-west-2" && variables["AWS_DEFAULT_REGION"] == "eu-west-2")
        #expect(variables["MFAGUARD_PROFILE"] == "base")
    }

    @Test func exitStatusesAreTheChildsAsAShellGivesThem() throws {
        let home = try makeHome()
        defer { home.remove() }
        let exited = try home.mfaguard(["exec", "base", "--code", "123456", "--", "sh", "-c", "exit 42"])
        #expect(exited.status == 42, "stderr: \(exited.stderr)")
        let killed = try home.mfaguard(["exec", "base", "--", "sh", "-c", "kill -KILL $$"])
        #expect(killed.status == 128 + 9, "stderr: \(killed.stderr)")
        let missing = try home.mfaguard(["exec", "base", "--", "no-such-program-here"])
        #expect(missing.status == 127)
        #expect(missing.stderr == "mfaguard: exec: no-such-program-here: command not found\n")
        let nested = try home.mfaguard(["exec", "base", "--", "true"], ["MFAGUARD_PROFILE": "outer"])
        #expect(nested.status == 2)
        #expect(nested.stderr.split(separator: "\n").count == 1 && nested.stderr.contains("--allow-nested"))
        let allowed = try home.mfaguard(
            ["exec", "base", "--allow-nested", "--", "sh", "-c", "echo $MFAGUARD_PROFILE"],
            ["MFAGUARD_PROFILE": "outer"])
        #expect(allowed.status == 0 && allowed.stdout == "base\n", "stderr: \(allowed.stderr)")
    }

    /// Starts `mfaguard exec` with a child script that writes its pid to `ready` and traps TERM.
    func startTrappingChild(_ home: SessionHome) throws -> (Process, String) {
        let script = home.path + "/child.sh"
        try Data(
            """
            #!/bin/sh
            trap 'echo got-term > "$HOME/terminated"; exit 0' TERM
            echo $$ > "$HOME/ready.tmp" && mv "$HOME/ready.tmp" "$HOME/ready"
            while :; do sleep 0.1; done

            """.utf8
        ).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try home.binary)
        process.arguments = ["exec", "base", "--code", "123456", "--", script]
        process.environment = try home.environment()
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.start(process)
        var waited = 0
        while !FileManager.default.fileExists(atPath: home.path + "/ready"), process.isRunning, waited < 6000 {
            usleep(10_000)
            waited += 1
        }
        let pid = try String(contentsOfFile: home.path + "/ready", encoding: .utf8)
        return (process, pid.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func finish(_ process: Process) {
        var waited = 0
        while process.isRunning, waited < 6000 {
            usleep(10_000)
            waited += 1
        }
    }

    @Test func sigtermToMFAGuardReachesTheChild() throws {
        let home = try makeHome()
        defer { home.remove() }
        let (process, _) = try startTrappingChild(home)
        process.terminate()
        finish(process)
        #expect(!process.isRunning)
        #expect((try? String(contentsOfFile: home.path + "/terminated", encoding: .utf8)) == "got-term\n")
        // The child's trap exited 0, so mfaguard did.
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test func theSecretIsNeverInArgvNorInAnyFileButTheCache() throws {
        let home = try makeHome()
        defer { home.remove() }
        let (process, childPID) = try startTrappingChild(home)
        defer {
            process.terminate()
            finish(process)
        }
        let secret = try cachedSecret(home)
        let childArgv = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(childPID)/cmdline"))
        let ownArgv = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/cmdline"))
        let childEnvironment = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(childPID)/environ"))
        let needle = Data(secret.utf8)
        #expect(childArgv.range(of: needle) == nil)
        #expect(ownArgv.range(of: needle) == nil)
        // ... while the child does have it, in its environment.
        #expect(childEnvironment.range(of: needle) != nil)
        let walker = try #require(FileManager.default.enumerator(atPath: home.path))
        var checked = 0
        while let relative = walker.nextObject() as? String {
            let path = home.path + "/" + relative
            guard !path.hasPrefix(home.cacheDirectory + "/"),
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            checked += 1
            #expect(data.range(of: needle) == nil, "\(relative)")
        }
        #expect(checked >= 3)
    }
}
