import Foundation
import TestSupport
import Testing

@testable import AWSConfigFiles

/// Writing one profile leaves every other byte alone, and botocore reads what we wrote.
struct ConfigFileEditorTests {
    static let original = """
        # my credentials; keep this comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key   =    defaultsecret

        ; work account
        [work]
        aws_access_key_id=AKIDWORK
        aws_secret_access_key=worksecret
        aws_session_token = oldtoken
          continued-token-line
        # trailing comment in work

        [other]
        aws_access_key_id = AKIDOTHER
        aws_secret_access_key = othersecret
        """ + "\n"

    @Test func replacingKeysKeepsEveryOtherByte() throws {
        let editor = ConfigFileEditor(path: "credentials", kind: .credentials)
        let updated = try editor.updating(
            Self.original, profile: "work",
            settings: [
                "aws_session_token": "newtoken", "aws_access_key_id": "AKIDNEW", "expiration": "2030-01-01T00:00:00Z",
            ])
        let expected = """
            # my credentials; keep this comment
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key   =    defaultsecret

            ; work account
            [work]
            aws_access_key_id = AKIDNEW
            aws_secret_access_key=worksecret
            aws_session_token = newtoken
            expiration = 2030-01-01T00:00:00Z
            # trailing comment in work

            [other]
            aws_access_key_id = AKIDOTHER
            aws_secret_access_key = othersecret
            """ + "\n"
        #expect(updated == expected)
    }

    @Test func newProfileIsAppendedAfterABlankLine() throws {
        let editor = ConfigFileEditor(path: "config", kind: .config)
        let updated = try editor.updating(
            "[default]\nregion = us-east-1", profile: "mfa", settings: ["mfa_serial": "arn:aws:iam::1:mfa/a"])
        #expect(updated == "[default]\nregion = us-east-1\n\n[profile mfa]\nmfa_serial = arn:aws:iam::1:mfa/a\n")
    }

    @Test func removingAKeyDropsItsContinuationLines() throws {
        let editor = ConfigFileEditor(path: "credentials", kind: .credentials)
        let updated = try editor.updating(Self.original, profile: "work", settings: ["aws_session_token": nil])
        #expect(!updated.contains("oldtoken"))
        #expect(!updated.contains("continued-token-line"))
        #expect(updated.contains("# trailing comment in work"))
    }

    @Test func crlfFilesGetCRLFLines() throws {
        let editor = ConfigFileEditor(path: "config", kind: .config)
        let updated = try editor.updating(
            "[profile a]\r\nregion = us-east-1\r\n", profile: "a", settings: ["output": "json"])
        #expect(updated == "[profile a]\r\nregion = us-east-1\r\noutput = json\r\n")
    }

    @Test func writtenFileIsReadByBotocoreAndIsPrivate() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/aws/credentials"
        let editor = ConfigFileEditor(path: path, kind: .credentials)
        #expect(
            try editor.update(
                profile: "mfa", settings: ["aws_access_key_id": "AKIDMFA", "aws_secret_access_key": "s3cr=t"]))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try editor.update(profile: "second", settings: ["aws_access_key_id": "AKID2", "aws_secret_access_key": "two"])
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o640)
        #expect(try !editor.update(profile: "second", settings: ["aws_access_key_id": "AKID2"]))

        let theirs = try Botocore.profiles(config: directory + "/none", credentials: path)
        let credentials = try #require(theirs["credentials"] as? [String: [String: Any]])
        #expect(credentials["mfa"]?["secret_key"] as? String == "s3cr=t")
        #expect(credentials["second"]?["access_key"] as? String == "AKID2")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/aws")
        // No temp file left; the lock file stays (removing it would let two writers lock different files).
        #expect(leftovers.sorted() == ["credentials", "credentials.lock"])
    }

    @Test func symlinkedFileStaysALink() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("[a]\nx = 1\n".utf8).write(to: URL(fileURLWithPath: directory + "/real"))
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: "real")
        try ConfigFileEditor(path: directory + "/link", kind: .credentials).update(profile: "a", settings: ["y": "2"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link") == "real")
        #expect(try String(contentsOfFile: directory + "/real", encoding: .utf8) == "[a]\nx = 1\ny = 2\n")
    }

    @Test func brokenFileIsNotTouched() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/config"
        let broken = "[default]\nno delimiter here\n"
        try Data(broken.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigError.self) {
            try ConfigFileEditor(path: path, kind: .config).update(profile: "x", settings: ["a": "b"])
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == broken)
    }
}
