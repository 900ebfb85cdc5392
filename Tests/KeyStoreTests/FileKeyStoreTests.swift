import AWSClient
import Foundation
import KeyStore
import Testing

@testable import KeyStore

@Suite struct FileKeyStoreTests {
    static func store(_ directory: String, passphrase: String = "correct horse") -> FileKeyStore {
        FileKeyStore(
            path: directory + "/mfaguard/keys.store", passphrase: PassphraseSource { _, _ in Array(passphrase.utf8) },
            environment: AWSEnvironment(variables: [:], homeDirectory: directory))
    }

    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "keystore-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let added = Date(timeIntervalSince1970: 1_790_000_000)
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    @Test func roundTripKeepsEveryFieldAndTheFileIsPrivate() throws {
        let directory = try Self.scratch()
        let store = Self.store(directory)
        #expect(try store.list().isEmpty)
        #expect(try !store.holds("dev"))
        try store.put(
            StoredKey(profile: "dev", accessKeyId: "AKIADEV", secretAccessKey: Self.secret, addedAt: Self.added))
        try store.put(StoredKey(profile: "ops", accessKeyId: "AKIAOPS", secretAccessKey: "s2", addedAt: Self.added))
        let reopened = Self.store(directory)
        #expect(try reopened.holds("dev"))
        #expect(
            try reopened.get("dev")
                == StoredKey(profile: "dev", accessKeyId: "AKIADEV", secretAccessKey: Self.secret, addedAt: Self.added))
        #expect(try reopened.list().map(\.profile) == ["dev", "ops"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(bytes.range(of: Data(Self.secret.utf8)) == nil)
        #expect(bytes.range(of: Data("AKIADEV".utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try reopened.remove("dev"))
        #expect(try !reopened.remove("dev"))
        #expect(try reopened.list().map(\.profile) == ["ops"])
    }

    @Test func everyWriteHasItsOwnSaltAndNonce() throws {
        let directory = try Self.scratch()
        let store = Self.store(directory)
        let key = StoredKey(profile: "dev", accessKeyId: "AKIADEV", secretAccessKey: Self.secret, addedAt: Self.added)
        try store.put(key)
        let first = try Data(contentsOf: URL(fileURLWithPath: store.path))
        try store.put(key)
        let second = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(first.count == second.count)
        #expect(first[10..<26] != second[10..<26])
        #expect(first[26..<38] != second[26..<38])
    }

    @Test func aWrongPassphraseIsRefusedAndLeavesTheFileAlone() throws {
        let directory = try Self.scratch()
        let store = Self.store(directory)
        try store.put(
            StoredKey(profile: "dev", accessKeyId: "AKIADEV", secretAccessKey: Self.secret, addedAt: Self.added))
        let before = try Data(contentsOf: URL(fileURLWithPath: store.path))
        let wrong = Self.store(directory, passphrase: "wrong")
        #expect(try wrong.holds("dev"))
        let error = #expect(throws: KeyStoreError.self) { try wrong.get("dev") }
        #expect(error?.description.contains("wrong passphrase") == true)
        #expect(throws: KeyStoreError.self) {
            try wrong.put(StoredKey(profile: "x", accessKeyId: "A", secretAccessKey: "B", addedAt: Self.added))
        }
        #expect(throws: KeyStoreError.self) { try wrong.remove("dev") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == before)
    }

    @Test(arguments: [0, 6, 7, 12, 30, 40, 44, -1, -20])
    func aTamperedByteAnywhereMakesTheStoreUnreadable(offset: Int) throws {
        let directory = try Self.scratch()
        let store = Self.store(directory)
        try store.put(
            StoredKey(profile: "dev", accessKeyId: "AKIADEV", secretAccessKey: Self.secret, addedAt: Self.added))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: store.path)))
        let index = offset >= 0 ? offset : bytes.count + offset
        bytes[index] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: store.path))
        #expect(throws: KeyStoreError.self) { try store.get("dev") }
    }

    @Test func theResolverSourceAnswersOnlyForHeldProfiles() throws {
        let directory = try Self.scratch()
        let store = Self.store(directory)
        try store.put(
            StoredKey(profile: "dev", accessKeyId: "AKIADEV", secretAccessKey: Self.secret, addedAt: Self.added))
        let asked = Counter()
        let counting = FileKeyStore(
            path: store.path,
            passphrase: PassphraseSource { _, _ in
                asked.increment()
                return Array("correct horse".utf8)
            }, environment: AWSEnvironment(variables: [:], homeDirectory: directory))
        let source = KeyStoreKeySource { _, _ in counting }
        let environment = AWSEnvironment(variables: [:], homeDirectory: directory)
        #expect(try source.longTermKeys(for: "other", environment: environment) == nil)
        #expect(asked.value == 0)
        let keys = try source.longTermKeys(for: "dev", environment: environment)
        #expect(keys == AWSCredentials(accessKeyID: "AKIADEV", secretAccessKey: Self.secret))
        _ = try source.longTermKeys(for: "dev", environment: environment)
        #expect(asked.value == 1)
    }

    @Test func theStoreIsChosenByFlagThenVariableThenConfig() throws {
        let environment = AWSEnvironment(variables: ["MFAGUARD_STORE": "pass"], homeDirectory: "/nonexistent")
        #expect(throws: KeyStoreError.self) {
            try KeyStoreSelection.backend(flag: nil, environment: environment, config: nil, profile: nil)
        }
        #expect(
            try KeyStoreSelection.backend(flag: "file", environment: environment, config: nil, profile: nil) == "file")
        #expect(
            try KeyStoreSelection.backend(
                flag: nil, environment: AWSEnvironment(variables: [:], homeDirectory: "/"), config: nil, profile: nil)
                == "file")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
