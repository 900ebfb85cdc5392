import AWSClient
import AWSConfigFiles
import ArgumentParser
import Foundation
import JSON
import KeyStore
import LocalFiles
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard keys`: long-term access keys in a key store instead of `~/.aws/credentials`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Keep long-term access keys in an encrypted store instead of ~/.aws/credentials.",
        discussion: """
            The file store is $XDG_DATA_HOME/mfaguard/keys.store (else ~/.local/share/mfaguard/keys.store), \
            encrypted with a key derived from a passphrase (MFAGUARD_STORE_PASSPHRASE, else asked on the \
            terminal). Profiles whose keys are in the store get them from there in every command, \
            session and credential-process included.
            """,
        subcommands: [Add.self, List.self, Remove.self, Migrate.self]
    )

    /// The store options every `keys` command takes.
    struct StoreOptions: ParsableArguments {
        @Option(help: "The key store: file (default: MFAGUARD_STORE, else mfaguard_store in the profile, else file).")
        var store: String?

        func open(profile: String?) throws -> any KeyStore {
            let environment = AWSEnvironment.current
            let config = try? SharedConfig(environment: environment)
            let backend = try KeyStoreSelection.backend(
                flag: store, environment: environment, config: config, profile: profile)
            return KeyStoreSelection.store(backend, environment: environment)
        }
    }

    /// `keys add PROFILE`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a profile's access key (asked on the terminal, or --from-env).")

        @Argument(help: "The profile the key belongs to.")
        var profile: String

        @Flag(help: "Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of asking.")
        var fromEnv = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            try KeyStoreSelection.validate(profile: profile)
            let store = try options.open(profile: profile)
            let keyID: String
            let secret: String
            if fromEnv {
                let environment = AWSEnvironment.current
                guard let id = environment["AWS_ACCESS_KEY_ID"], let value = environment["AWS_SECRET_ACCESS_KEY"] else {
                    throw MFAGuardFailure(.input, "--from-env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                }
                (keyID, secret) = (id, value)
            } else {
                keyID = try await Console.standard.ask(
                    "Access key ID for profile '\(profile)': ", purpose: "the access key ID",
                    hint: "or pass --from-env with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set")
                secret = String(
                    decoding: try PassphraseSource.askWithoutEcho("Secret access key (not shown): "), as: UTF8.self)
            }
            try store.put(StoredKey(profile: profile, accessKeyId: keyID, secretAccessKey: secret, addedAt: Date()))
            Console.report("stored the key \(keyID) of profile '\(profile)'")
        }
    }

    /// `keys list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored keys (never their secrets).")

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let keys = try options.open(profile: nil).list()
            func added(_ key: StoredKey) -> String {
                ISO8601.format(secondsSince1970: key.addedAt.timeIntervalSince1970)
            }
            if json {
                let rows = keys.map { key in
                    JSONValue.object([
                        ("profile", .string(key.profile)), ("accessKeyId", .string(key.accessKeyId)),
                        ("addedAt", .string(added(key))),
                    ])
                }
                Console.outputLine(JSONWriter.pretty(.array(rows)))
                return
            }
            let width = max(7, keys.map(\.profile.count).max() ?? 0)
            func pad(_ text: String) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
            Console.outputLine(pad("PROFILE") + "  ACCESS KEY ID         ADDED")
            for key in keys {
                let id = key.accessKeyId + String(repeating: " ", count: max(0, 20 - key.accessKeyId.count))
                Console.outputLine(pad(TerminalText.sanitized(key.profile)) + "  " + id + "  " + added(key))
            }
        }
    }

    /// `keys remove PROFILE`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a profile's key from the store.")

        @Argument(help: "The profile whose key is removed.")
        var profile: String

        @OptionGroup var options: StoreOptions

        func run() async throws {
            guard try options.open(profile: profile).remove(profile) else {
                throw MFAGuardFailure(
                    .input, "the key store holds no key for profile '\(TerminalText.sanitized(profile))'")
            }
            Console.report("removed the key of profile '\(profile)'")
        }
    }

    /// `keys migrate`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move every long-term key pair from the credentials file into the store.",
            discussion: """
                Each profile with aws_access_key_id and aws_secret_access_key (and no session token) in \
                the credentials file (AWS_SHARED_CREDENTIALS_FILE) is stored, those two lines are removed \
                (every other byte stays), and the profile in the config file (AWS_CONFIG_FILE) gets \
                credential_process = mfaguard credential-process --profile NAME unless it has one. \
                No plaintext copy is kept.
                """)

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let environment = AWSEnvironment.current
            let credentialsPath = environment.credentialsFilePath
            let configPath = environment.configFilePath
            let text = String(
                decoding: try FileReader.contentsIfPresent(of: credentialsPath, limit: 16 << 20) ?? [], as: UTF8.self)
            let credentials = try SharedConfig(
                configText: nil, configPath: "/dev/null", credentialsText: text, credentialsPath: credentialsPath)
            let config = try SharedConfig(environment: environment)
            let pairs = credentials.profiles.keys.sorted().compactMap { name -> StoredKey? in
                guard let id = credentials.value("aws_access_key_id", in: name), !id.isEmpty,
                    let secret = credentials.value("aws_secret_access_key", in: name), !secret.isEmpty,
                    credentials.value("aws_session_token", in: name) == nil,
                    credentials.value("aws_security_token", in: name) == nil
                else { return nil }
                return StoredKey(profile: name, accessKeyId: id, secretAccessKey: secret, addedAt: Date())
            }
            guard !pairs.isEmpty else {
                Console.report("no long-term key pairs in \(credentialsPath); nothing to migrate")
                return
            }
            guard let executable = MFAGuardExecutable.running else {
                throw MFAGuardFailure(.input, "cannot tell where this mfaguard is installed")
            }
            let store = try options.open(profile: nil)
            let credentialsEditor = ConfigFileEditor(path: credentialsPath, kind: .credentials)
            let configEditor = ConfigFileEditor(path: configPath, kind: .config)
            for key in pairs {
                // Stored (and read back) before the file loses its copy: a failure leaves the key where it was.
                try store.put(key)
                guard let kept = try store.get(key.profile), kept.accessKeyId == key.accessKeyId,
                    kept.secretAccessKey == key.secretAccessKey
                else {
                    throw MFAGuardFailure(
                        .input, "the key store did not keep profile '\(key.profile)'; nothing removed")
                }
                try credentialsEditor.update(
                    profile: key.profile, settings: ["aws_access_key_id": nil, "aws_secret_access_key": nil])
                var note = ""
                if config.value("credential_process", in: key.profile) == nil {
                    let line = [executable.path, "credential-process", "--profile", key.profile]
                        .map(ShellWords.quote).joined(separator: " ")
                    try configEditor.update(profile: key.profile, settings: ["credential_process": line])
                    note = "; credential_process added to \(configPath)"
                }
                Console.report("moved the key \(key.accessKeyId) of profile '\(key.profile)' into the store\(note)")
            }
        }
    }
}
