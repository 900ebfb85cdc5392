import Foundation
import TestSupport
import Testing

/// A cached session's `ExpiresAt` is input like any other: out of range, the entry is a miss (a new
/// session is made), never a crash. Before the check, a value ≥ 9.2e18 trapped (SIGILL) on every call
/// until the file was deleted, and 9e18 printed the date `1730806995-01-00T16:00:00Z`.
@Suite struct CacheExpiryRangeTests {
    @Test(arguments: [9.3e18, 9e18, 1e300, -5.0])
    func anOutOfRangeExpiryIsAMiss(_ expiresAt: Double) throws {
        let home = try SessionHome(config: "", credentials: CredentialProcessTests.credentials)
        defer { home.remove() }
        try Data(CredentialProcessTests.config(home.path, mfaProcess: home.countingCodeProcess).utf8)
            .write(to: URL(fileURLWithPath: home.configPath))
        let first = try home.mfaguard(["credential-process", "--profile", "base"])
        #expect(first.status == 0, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: home.cacheDirectory).filter {
            $0.hasSuffix(".json")
        }
        let file = home.cacheDirectory + "/" + (try #require(files.first))
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        object["ExpiresAt"] = expiresAt
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: file))

        let second = try home.mfaguard(["credential-process", "--profile", "base", "--debug"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("ExpiresAt"), "the debug log says why the entry was ignored")
        let document = try #require(try processDocument(second))
        let expiration = try #require(document["Expiration"] as? String)
        #expect(expiration.hasPrefix("20"), "\(expiration)")
        // A miss: a second code and a second GetSessionToken.
        #expect(home.codeRequests == 2)
        #expect(try home.stats().actions["GetSessionToken"] == 2)
    }
}
