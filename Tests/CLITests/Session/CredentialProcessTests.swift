import Foundation
import TestSupport
import Testing

/// `mfaguard credential-process` as the AWS CLI runs it, and its cache.
@Suite struct CredentialProcessTests {
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    static func config(_ home: String, mfaProcess: String?) -> String {
        """
        [profile base]
        mfa_serial = \(SessionHome.serial)
        \(mfaProcess.map { "mfa_process = \($0)" } ?? "")

        [profile dev]
        credential_process = mfaguard credential-process --profile base

        [profile admin]
        role_arn = arn:aws:iam::123456789012:role/admin
        source_profile = base
        mfa_serial = \(SessionHome.serial)
        duration_seconds = 7200

        [profile loop]
        mfa_serial = \(SessionHome.serial)
        credential_process = mfaguard credential-process --profile loop

        """
    }

    func makeHome(mfaProcess: ((String) -> String)? = nil) throws -> SessionHome {
        let home = try SessionHome(config: "", credentials: Self.credentials)
        let process = mfaProcess?(home.path) ?? home.countingCodeProcess
        try Data(Self.config(home.path, mfaProcess: process).utf8).write(to: URL(fileURLWithPath: home.configPath))
        return home
    }

    @Test func theAWSCLIGetsCredentialsAndTheSecondCallMakesNoSTSRequest() throws {
        let home = try makeHome()
        defer { home.remove() }
        for _ in 0..<2 {
            let result = try home.aws(["--profile", "dev", "sts", "get-caller-identity", "--output", "json"])
            #expect(result.status == 0, "aws: \(result.stderr)")
            #expect(result.stdout.contains("123456789012"))
        }
        let stats = try home.stats()
        #expect(stats.actions["GetSessionToken"] == 1)
        #expect(stats.actions["GetCallerIdentity"] == 2)
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")
        #expect(home.codeRequests == 1)
        // The cache: a private directory of private files.
        #expect(try fileMode(home.cacheDirectory) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory)
        #expect(files.contains { $0.hasSuffix(".json") })
        for file in files { #expect(try fileMode(home.cacheDirectory + "/" + file) == 0o600) }
        #expect(!files.contains { $0.contains(SessionHome.baseKey.0) })
    }

    @Test func twentyConcurrentInvocationsMakeOneSTSRequest() throws {
        // A slow code source widens the window in which the processes race.
        let home = try makeHome { "sleep 0.5; echo asked >> \($0)/code-requests; echo 123456" }
        defer { home.remove() }
        let results = Locked<[ChildProcess.Result]>([])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 20) { _ in
            do {
                let result = try home.mfaguard(["credential-process", "--profile", "base"])
                results.update { $0.append(result) }
            } catch {
                failures.update { $0.append("\(error)") }
            }
        }
        #expect(failures.current.isEmpty)
        let all = results.current
        #expect(all.count == 20)
        var keyIDs: Set<String> = []
        for result in all {
            let document = try #require(try processDocument(result), "stderr: \(result.stderr)")
            #expect(document["Version"] as? Int == 1)
            for member in ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"] {
                #expect((document[member] as? String)?.isEmpty == false, "\(member) missing")
            }
            keyIDs.insert(document["AccessKeyId"] as? String ?? "")
        }
        #expect(keyIDs.count == 1)
        #expect(try home.stats().actions["GetSessionToken"] == 1)
        #expect(home.codeRequests == 1)
    }

    @Test func roleProfileChainsFromTheCachedSessionWithoutANewCode() throws {
        let home = try makeHome()
        defer { home.remove() }
        #expect(try home.mfaguard(["credential-process", "--profile", "base"]).status == 0)
        let chained = try home.mfaguard(["credential-process", "--profile", "admin"])
        #expect(try processDocument(chained) != nil, "stderr: \(chained.stderr)")
        #expect(chained.stderr.contains("caps at 1h"), "stderr: \(chained.stderr)")
        #expect(home.codeRequests == 1)
        // A direct AssumeRole with MFA for the full 2 hours takes a new code.
        let direct = try home.mfaguard(["session", "--profile", "admin", "--no-chain", "--duration", "2h", "--json"])
        #expect(try processDocument(direct) != nil, "stderr: \(direct.stderr)")
        #expect(home.codeRequests == 2)
        let stats = try home.stats()
        #expect(stats.actions["GetSessionToken"] == 1)
        #expect(stats.actions["AssumeRole"] == 2)
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")
    }

    @Test func profileThatCallsItselfIsRefused() throws {
        let home = try makeHome()
        defer { home.remove() }
        let result = try home.mfaguard(["credential-process", "--profile", "loop"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("would call itself"), "stderr: \(result.stderr)")
        // A profile served by mfaguard for another profile points there.
        let other = try home.mfaguard(["session", "--profile", "dev", "--json"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("use --profile base"), "stderr: \(other.stderr)")
        #expect(try home.stats().requests == 0)
    }

    /// Without mfa_serial both commands ask IAM (one rule); a user without a device is told to enroll one.
    @Test func userWithoutMFASerialOrDeviceIsRefusedAsBySession() throws {
        let home = try SessionHome(config: "[profile base]\nregion = us-east-1\n", credentials: Self.credentials)
        defer { home.remove() }
        let admin: [String: String?] = ["AWS_ACCESS_KEY_ID": "AKIDADMIN00000001", "AWS_SECRET_ACCESS_KEY": "x"]
        let user = "nodevice-\(UUID().uuidString.prefix(8))"
        #expect(try home.aws(["iam", "create-user", "--user-name", user], admin).status == 0)
        let keys = try home.aws(
            [
                "iam", "create-access-key", "--user-name", user, "--query",
                "AccessKey.[AccessKeyId,SecretAccessKey]", "--output", "text",
            ], admin)
        let parts = keys.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        try #require(parts.count == 2, "\(keys.stderr)")
        try Data("[base]\naws_access_key_id = \(parts[0])\naws_secret_access_key = \(parts[1])\n".utf8).write(
            to: URL(fileURLWithPath: home.credentialsPath))
        let process = try home.mfaguard(["credential-process", "--profile", "base"])
        let session = try home.mfaguard(["session", "--profile", "base", "--json"])
        for result in [process, session] {
            #expect(result.status == 2)
            #expect(
                result.stderr == "mfaguard: the user of profile 'base' has no MFA device: enroll one first "
                    + "(mfaguard device create)\n", "stderr: \(result.stderr)")
        }
        #expect(try home.stats().actions["ListMFADevices"] == 2)
    }

    /// Cache entries written by Python under the SHA-256 name the docs give: a fresh one is served
    /// without STS, an expired one without a way to get a code is a clear error.
    @Test func cacheEntriesAreFoundByTheirDocumentedNameAndExpiredOnesAreReported() throws {
        // No mfa_process and no terminal: nothing can produce a new code.
        let home = try SessionHome(
            config: "[profile base]\nmfa_serial = \(SessionHome.serial)\n", credentials: Self.credentials)
        defer { home.remove() }
        let write = """
            import hashlib, json, os, sys, time
            directory, key, serial, offset = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
            os.makedirs(directory, mode=0o700, exist_ok=True)
            name = hashlib.sha256(f"mfaguard-session-v1\\n{key}\\n{serial}".encode()).hexdigest()
            expires = time.time() + offset
            entry = {"Version": 1, "AccessKeyId": "ASIAFROMPYTHON001", "SecretAccessKey": "s", "SessionToken": "t",
                     "Expiration": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)), "ExpiresAt": expires,
                     "MFASerial": serial}
            with open(os.path.join(directory, name + ".json"), "w") as f:
                json.dump(entry, f)
            """
        let arguments = [home.cacheDirectory, SessionHome.baseKey.0, SessionHome.serial]
        #expect(try ChildProcess.python(write, arguments + ["7200"]).status == 0)
        let fresh = try home.mfaguard(["credential-process", "--profile", "base"])
        #expect(try processDocument(fresh)?["AccessKeyId"] as? String == "ASIAFROMPYTHON001", "\(fresh.stderr)")

        #expect(try ChildProcess.python(write, arguments + ["-60"]).status == 0)
        let expired = try home.mfaguard(["credential-process", "--profile", "base"])
        #expect(expired.status == 2)
        #expect(expired.stderr.contains("expired"), "stderr: \(expired.stderr)")
        #expect(try home.stats().requests == 0)
    }
}

/// A value shared by concurrent test closures.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var current: Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func update(_ change: (inout Value) -> Void) {
        lock.lock()
        change(&value)
        lock.unlock()
    }
}
