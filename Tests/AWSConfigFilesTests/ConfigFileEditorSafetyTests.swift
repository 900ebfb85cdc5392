import Foundation
import TestSupport
import Testing

@testable import AWSConfigFiles

/// The one writer of `~/.aws` files refuses what would add lines, waits for other writers, and does not
/// replace what it must not (read-only files, long-term keys).
struct ConfigFileEditorSafetyTests {
    static let original = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = defaultsecret\n"

    func scratch() throws -> (directory: String, path: String) {
        let directory = try makeTemporaryDirectory("editor-safety")
        let path = directory + "/credentials"
        try Data(Self.original.utf8).write(to: URL(fileURLWithPath: path))
        return (directory, path)
    }

    /// Every control character class, in a value, a key and a profile name: refused, file unchanged,
    /// and botocore still sees exactly the one profile that was there.
    @Test(arguments: ["\n", "\r", "\r\n", "\u{0}", "\u{1B}", "\t", "\u{7F}", "\u{85}", "\u{2028}"])
    func controlCharactersAreRefusedEverywhere(character: String) throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let editor = ConfigFileEditor(path: path, kind: .credentials)
        let injected = "token\(character)[default]\(character)credential_process = touch /tmp/pwned"
        let attempts: [(String, KeyValuePairs<String, String?>, String)] = [
            ("mfa", ["aws_session_token": injected], "the value of 'aws_session_token' in [mfa]"),
            ("mfa", ["aws\(character)key": "x"], "a key name"),
            ("mfa\(character)[default]", ["aws_session_token": "x"], "the profile name"),
        ]
        for (profile, settings, field) in attempts {
            do {
                try editor.update(profile: profile, settings: settings)
                Issue.record("accepted a control character in \(field)")
            } catch {
                guard case .controlCharacter(_, let named, let scalar) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(named == field)
                #expect(scalar == character.unicodeScalars.first!.value)
                // One line, naming the file, without the value itself.
                #expect(!error.description.contains("\n") && !error.description.contains("pwned"))
                #expect(error.description.contains(path))
            }
            #expect(throws: ConfigError.self) {
                try editor.updating(Self.original, profile: profile, settings: settings)
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
        let theirs = try Botocore.profiles(config: directory + "/none", credentials: path)
        let profiles = try #require(theirs["profiles"] as? [String: [String: String]])
        #expect(
            profiles == ["default": ["aws_access_key_id": "AKIDDEFAULT", "aws_secret_access_key": "defaultsecret"]])
    }

    @Test func bracketsInAProfileNameAreRefused() throws {
        let editor = ConfigFileEditor(path: "config", kind: .config)
        for name in ["a]b", "[x", "", " lead"] {
            #expect(throws: ConfigError.self) { try editor.updating("", profile: name, settings: ["k": "v"]) }
        }
    }

    @Test func aHeldLockMakesTheWriterGiveUpWithAMessage() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let editor = ConfigFileEditor(path: path, kind: .credentials)
        try FileLock.withLock(FileLock.lockPath(for: path), purpose: "the test") {
            do {
                try editor.update(
                    profile: "mfa", settings: ["aws_access_key_id": "AKIDMFA"],
                    options: ConfigFileEditor.WriteOptions(lockTimeout: 0.2))
                Issue.record("wrote while another holder had the lock")
            } catch {
                guard let error = error as? ConfigError, case .locked = error else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(error.description.contains(path + ".lock"))
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
        // Once the holder lets go, the same write goes through.
        #expect(try editor.update(profile: "mfa", settings: ["aws_access_key_id": "AKIDMFA"]))
    }

    @Test func readOnlyFileIsRefusedUnlessForcedAndStaysReadOnly() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        let editor = ConfigFileEditor(path: path, kind: .credentials)
        do {
            try editor.update(profile: "mfa", settings: ["aws_access_key_id": "AKIDMFA"], mode: 0o600)
            Issue.record("replaced a read-only file")
        } catch {
            guard case .readOnly(_, let mode, nil) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(mode == 0o400)
            #expect(error.description.contains("--force"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
        try editor.update(
            profile: "mfa", settings: ["aws_access_key_id": "AKIDMFA"], mode: 0o600,
            options: ConfigFileEditor.WriteOptions(force: true))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("AKIDMFA"))
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o400)
    }

    @Test func forceDoesNotOverrideAReadOnlyFileOfAnotherUser() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        // Tests run as root (here and in CI): chown works, and root could write the file anyway.
        guard chown(path, 65534, 65534) == 0 else {
            Issue.record("chown to 65534 failed (tests need root)")
            return
        }
        do {
            try ConfigFileEditor(path: path, kind: .credentials).update(
                profile: "mfa", settings: ["aws_access_key_id": "AKIDMFA"],
                options: ConfigFileEditor.WriteOptions(force: true))
            Issue.record("replaced another user's read-only file")
        } catch {
            guard case .readOnly(_, _, let owner) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(owner == 65534)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
    }

    @Test func longTermKeysAreProtectedWhenAsked() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let editor = ConfigFileEditor(path: path, kind: .credentials)
        let protect = ConfigFileEditor.WriteOptions(protectLongTermKeys: true)
        #expect(throws: ConfigError.holdsLongTermKeys(profile: "default", path: path)) {
            try editor.update(profile: "default", settings: ["aws_session_token": "t"], options: protect)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.original)
        // A session profile (with a token) and a new profile are fine.
        try editor.update(
            profile: "mfa", settings: ["aws_access_key_id": "A", "aws_session_token": "t"], options: protect)
        try editor.update(
            profile: "mfa", settings: ["aws_access_key_id": "B", "aws_session_token": "u"], options: protect)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("aws_session_token = u"))
    }
}
