import Foundation
import TestSupport
import Testing

/// The session cache trusts only its owner (issue 14, item 6), and a rejected code is shared rather
/// than retried by every waiting process (item 8). Tests run as root (here and in CI), so "another
/// user" is made with chown to 65534 (nobody).
@Suite struct CacheTrustTests {
    static let credentials = """
        [base]
        aws_access_key_id = \(SessionHome.baseKey.0)
        aws_secret_access_key = \(SessionHome.baseKey.1)

        """

    static func config(mfaProcess: String) -> String {
        "[profile base]\nmfa_serial = \(SessionHome.serial)\nmfa_process = \(mfaProcess)\n"
    }

    func makeHome(failActions: [String] = []) throws -> SessionHome {
        let home = try SessionHome(config: "", credentials: Self.credentials, failActions: failActions)
        let config = Self.config(mfaProcess: "echo asked >> \(home.path)/code-requests; cat \(home.path)/code")
        try Data(config.utf8).write(to: URL(fileURLWithPath: home.configPath))
        try Data("123456\n".utf8).write(to: URL(fileURLWithPath: home.path + "/code"))
        return home
    }

    /// The one session entry of the cache.
    func entryPath(_ home: SessionHome) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory)
        let entries = files.filter { $0.hasSuffix(".json") }
        try #require(entries.count == 1, "\(files)")
        return home.cacheDirectory + "/" + entries[0]
    }

    func credentialProcess(_ home: SessionHome) throws -> ChildProcess.Result {
        try home.mfaguard(["credential-process", "--profile", "base"])
    }

    static let attackerEntry = """
        {"AccessKeyId":"AKIDATTACKER00001","SecretAccessKey":"attacker","SessionToken":"attacker-token",\
        "Expiration":"2099-01-01T00:00:00Z","ExpiresAt":4070908800,"MFASerial":"\(SessionHome.serial)","Version":1}
        """

    @Test func aCacheDirectoryOfAnotherUserIsRefused() throws {
        let home = try makeHome()
        defer { home.remove() }
        #expect(try credentialProcess(home).status == 0)
        // "Another user" pre-created or took over the directory and put their session in it.
        let entry = try entryPath(home)
        try Data(Self.attackerEntry.utf8).write(to: URL(fileURLWithPath: entry))
        #expect(chown(home.cacheDirectory, 65534, 65534) == 0)
        let result = try credentialProcess(home)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("belongs to uid 65534, not to you"), "\(result.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 1)

        // An entry of another user inside our own directory: refused as well.
        #expect(chown(home.cacheDirectory, geteuid(), getegid()) == 0)
        #expect(chown(entry, 65534, 65534) == 0)
        let second = try credentialProcess(home)
        #expect(second.status == 2)
        #expect(!second.stdout.contains("AKIDATTACKER"))
        #expect(second.stderr.contains("\(entry) belongs to uid 65534"), "\(second.stderr)")
    }

    @Test func aSymlinkedEntryIsNeverFollowed() throws {
        let home = try makeHome()
        defer { home.remove() }
        #expect(try credentialProcess(home).status == 0)
        let entry = try entryPath(home)
        // The link points at an attacker-readable file holding a session of the attacker's.
        let elsewhere = home.path + "/attacker-readable.json"
        try Data(Self.attackerEntry.utf8).write(to: URL(fileURLWithPath: elsewhere))
        chmod(elsewhere, 0o666)
        try FileManager.default.removeItem(atPath: entry)
        try FileManager.default.createSymbolicLink(atPath: entry, withDestinationPath: elsewhere)

        let result = try credentialProcess(home)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let document = try #require(try processDocument(result))
        #expect(document["AccessKeyId"] as? String != "AKIDATTACKER00001")
        // Not served, so a new session was made; it replaced the link and did not go where it pointed.
        #expect(try home.stats().actions["GetSessionToken"] == 2)
        #expect(try String(contentsOfFile: elsewhere, encoding: .utf8) == Self.attackerEntry)
        let attributes = try FileManager.default.attributesOfItem(atPath: entry)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try fileMode(entry) == 0o600)
    }

    @Test(arguments: ["9.3e18", "9e18", "-1", "1e400"])
    func anAbsurdExpiryIsAMissNotACrash(expiresAt: String) throws {
        let home = try makeHome()
        defer { home.remove() }
        #expect(try credentialProcess(home).status == 0)
        let entry = try entryPath(home)
        let text = try String(contentsOfFile: entry, encoding: .utf8)
        let planted = text.replacingOccurrences(
            of: #""ExpiresAt":[0-9.e+]+"#, with: "\"ExpiresAt\":\(expiresAt)", options: .regularExpression)
        try #require(planted != text)
        try Data(planted.utf8).write(to: URL(fileURLWithPath: entry))
        let result = try credentialProcess(home)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 2)
    }

    @Test func looseModesAreTightenedOnEveryUse() throws {
        let home = try makeHome()
        defer { home.remove() }
        #expect(try credentialProcess(home).status == 0)
        let entry = try entryPath(home)
        chmod(entry, 0o644)
        chmod(home.cacheDirectory, 0o777)
        // A cache hit (no new session) tightens both.
        #expect(try credentialProcess(home).status == 0)
        #expect(try home.stats().actions["GetSessionToken"] == 1)
        #expect(try fileMode(home.cacheDirectory) == 0o700)
        #expect(try fileMode(entry) == 0o600)
        // A refresh writes 0600 whatever the old file had.
        chmod(entry, 0o644)
        let refreshed = try home.mfaguard(["session", "--profile", "base", "--json", "--duration", "2h"])
        #expect(refreshed.status == 0, "stderr: \(refreshed.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 2)
        #expect(try fileMode(entry) == 0o600)
    }

    @Test(arguments: ["000", "022", "077", "277"])
    func theDirectoryIsPrivateWhateverTheUmask(umask: String) throws {
        let home = try makeHome()
        defer { home.remove() }
        let result = try ChildProcess.run(
            "setsid",
            [
                "-w", "sh", "-c", "umask \(umask); exec \"$0\" \"$@\"", try home.binary, "credential-process",
                "--profile", "base",
            ],
            environment: try home.environment())
        #expect(result.status == 0, "stderr: \(result.stderr)")
        // Both directories mfaguard created ($XDG_CACHE_HOME and mfaguard/ in it) are 0700.
        #expect(try fileMode(home.path + "/cache") == 0o700)
        #expect(try fileMode(home.cacheDirectory) == 0o700)
        #expect(try fileMode(try entryPath(home)) == 0o600)
    }

    @Test func aRejectedCodeIsSharedByEveryWaitingCaller() throws {
        // STS (the proxy: moto does not check codes) rejects 111111 and takes any other code.
        let home = try makeHome(failActions: [
            "GetSessionToken@TokenCode=111111:AccessDenied:MultiFactorAuthentication failed with invalid MFA one time pass code. "
        ])
        defer { home.remove() }
        try Data("111111\n".utf8).write(to: URL(fileURLWithPath: home.path + "/code"))
        let results = Locked<[ChildProcess.Result]>([])
        DispatchQueue.concurrentPerform(iterations: 20) { _ in
            if let result = try? credentialProcess(home) { results.update { $0.append(result) } }
        }
        #expect(results.current.count == 20)
        for result in results.current {
            #expect(result.status == 2, "stderr: \(result.stderr)")
            #expect(result.stderr.contains("STS rejected the MFA code from mfa_process"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        // One attempt at STS for the twenty callers (before: one per caller).
        #expect(try home.stats().actions["GetSessionToken"] == 1)

        // The memory is for that code only: the next code is tried, and works.
        try Data("222222\n".utf8).write(to: URL(fileURLWithPath: home.path + "/code"))
        let next = try credentialProcess(home)
        #expect(next.status == 0, "stderr: \(next.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory)
        #expect(!files.contains { $0.hasSuffix(".rejected") })
    }

    @Test func theSameRejectedCodeIsNotSentAgain() throws {
        let home = try makeHome(failActions: [
            "GetSessionToken@TokenCode=111111:AccessDenied:MultiFactorAuthentication failed with invalid MFA one time pass code. "
        ])
        defer { home.remove() }
        let arguments = ["session", "--profile", "base", "--json", "--code", "111111"]
        let first = try home.mfaguard(arguments)
        #expect(first.status == 2)
        let second = try home.mfaguard(arguments)
        #expect(second.status == 2)
        #expect(
            second.stderr.contains("moments ago") && second.stderr.contains("not sending it again"), "\(second.stderr)")
        #expect(try home.stats().actions["GetSessionToken"] == 1)
    }
}
