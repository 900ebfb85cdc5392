import Foundation
import TestSupport
import Testing

/// `mfaguard keys`: the long-term keys move into the encrypted store and the MFA session still works.
@Suite struct KeysCommandTests {
    static let passphrase = "a long store passphrase"

    static func makeHome() throws -> SessionHome {
        let credentials = """
            # my keys
            [base]
            aws_access_key_id = \(SessionHome.baseKey.0)
            aws_secret_access_key = \(SessionHome.baseKey.1)
            region = us-east-1

            [temporary]
            aws_access_key_id = ASIATEMPORARY
            aws_secret_access_key = temporarysecret
            aws_session_token = token

            """
        let home = try SessionHome(config: "", credentials: credentials)
        let config = """
            [profile base]
            mfa_serial = \(SessionHome.serial)
            mfa_process = \(home.countingCodeProcess)

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: home.configPath))
        return home
    }

    static func storeEnvironment(_ home: SessionHome, passphrase: String = passphrase) -> [String: String?] {
        ["XDG_DATA_HOME": home.path + "/data", "MFAGUARD_STORE_PASSPHRASE": passphrase]
    }

    /// Every regular file under `directory` (recursively).
    static func files(under directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var paths: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(path)
            }
        }
        return paths
    }

    @Test func migrateLeavesNoSecretInAnyFileAndTheMFASessionStillWorks() throws {
        let home = try Self.makeHome()
        defer { home.remove() }
        let environment = Self.storeEnvironment(home)
        let migrate = try home.mfaguard(["keys", "migrate"], environment)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stderr.contains("profile 'base'"))

        let credentials = try String(contentsOfFile: home.credentialsPath, encoding: .utf8)
        #expect(!credentials.contains("aws_access_key_id = \(SessionHome.baseKey.0)"))
        // Every other byte stays: the comment, the region, and the session-token profile untouched.
        #expect(credentials.hasPrefix("# my keys\n[base]\nregion = us-east-1\n"))
        #expect(credentials.contains("aws_secret_access_key = temporarysecret\naws_session_token = token"))
        let config = try String(contentsOfFile: home.configPath, encoding: .utf8)
        #expect(config.contains("credential_process = /"))
        #expect(config.contains("credential-process --profile base"))
        #expect(try fileMode(home.path + "/data/mfaguard/keys.store") == 0o600)

        // The AWS CLI runs that line; mfaguard takes the source keys from the store (no recursion).
        let aws = try home.aws(["--profile", "base", "sts", "get-caller-identity", "--output", "json"], environment)
        #expect(aws.status == 0, "aws: \(aws.stderr)")
        #expect(aws.stdout.contains("123456789012"))
        let session = try home.mfaguard(["session", "--profile", "base", "--json", "--no-cache"], environment)
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("SessionToken"))
        let stats = try home.stats()
        #expect((stats.actions["GetSessionToken"] ?? 0) >= 2)
        #expect(stats.signature_failures.isEmpty, "\(stats.signature_failures.map(\.problem))")

        // No file under the scratch home (config, credentials, cache, store) holds the secret.
        let files = Self.files(under: home.path)
        #expect(files.count >= 3)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(SessionHome.baseKey.1.utf8)) == nil, "\(file) holds the secret")
        }

        let list = try home.mfaguard(["keys", "list", "--json"], environment)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(SessionHome.baseKey.0))
        #expect(!list.stdout.contains(SessionHome.baseKey.1))
    }

    @Test func aWrongPassphraseIsOneLineExitTwoAndTheStoreIsUntouched() throws {
        let home = try Self.makeHome()
        defer { home.remove() }
        let add = try home.mfaguard(
            ["keys", "add", "ops", "--from-env"],
            Self.storeEnvironment(home).merging(["AWS_ACCESS_KEY_ID": "AKIAOPS", "AWS_SECRET_ACCESS_KEY": "opssecret"])
            {
                $1
            })
        #expect(add.status == 0, "\(add.stderr)")
        let config = """
            [profile ops]
            mfa_serial = \(SessionHome.serial)
            mfa_process = echo 123456

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: home.configPath))
        let store = home.path + "/data/mfaguard/keys.store"
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let wrong = Self.storeEnvironment(home, passphrase: "not it")
        for arguments in [["keys", "list"], ["keys", "remove", "ops"], ["credential-process", "--profile", "ops"]] {
            let result = try home.mfaguard(arguments, wrong)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("mfaguard: "))
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("wrong passphrase"), "\(arguments): \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
        let unknown = try home.mfaguard(["keys", "list", "--store", "vault"], Self.storeEnvironment(home))
        #expect(unknown.status == 2)
    }

    @Test func killingWritersLeavesTheOldOrTheNewStore() throws {
        let home = try Self.makeHome()
        defer { home.remove() }
        var known: Set<String> = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let keyID = "AKIAROUND\(round)"
            let process = Process()
            process.executableURL = try TestPaths.mfaguardBinary
            process.arguments = ["keys", "add", "p\(round % 3)", "--from-env"]
            process.environment = try home.environment(
                Self.storeEnvironment(home).merging(["AWS_ACCESS_KEY_ID": keyID, "AWS_SECRET_ACCESS_KEY": "s\(round)"])
                {
                    $1
                })
            process.standardError = FileHandle.nullDevice
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try process.run()
            // Somewhere in the child's life: before, during or after its scrypt and its write.
            usleep(UInt32.random(in: 0..<400_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            if process.terminationReason == .exit, process.terminationStatus == 0 { known.insert(keyID) }
            let list = try home.mfaguard(["keys", "list", "--json"], Self.storeEnvironment(home))
            let store = home.path + "/data/mfaguard/keys.store"
            if FileManager.default.fileExists(atPath: store) {
                #expect(list.status == 0, "round \(round): \(list.stderr)")
            }
            // Every key a finished writer stored is still there, unless a later round replaced its profile.
            for id in known {
                let profileRound = Int(id.dropFirst("AKIAROUND".count)) ?? 0
                let replaced = ((profileRound + 1)..<(round + 1)).contains { $0 % 3 == profileRound % 3 }
                if !replaced { #expect(list.stdout.contains(id), "round \(round): \(id) lost") }
            }
            // No temporary file is left readable as a store, and none holds plaintext.
            for file in Self.files(under: home.path + "/data") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(bytes.range(of: Data("s\(round)".utf8) + Data("\t".utf8)) == nil)
            }
        }
    }
}
