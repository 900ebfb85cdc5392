import AWSClient
import Crypto
import CryptoExtras
import Foundation
import LocalFiles

/// The `file` store: one file, `$XDG_DATA_HOME/mfaguard/keys.store` (else
/// `~/.local/share/mfaguard/keys.store`), mode 0600, replaced atomically on every change.
///
/// Layout (version 1): the magic `MFAGKS`, a version byte, scrypt's log2(N), r and p (one byte each),
/// a 16-byte random salt, a 12-byte random nonce, the length (4 bytes, big-endian) and text of the
/// index (the profile names, one a line, so that the resolver knows which profiles the store holds
/// without asking for the passphrase), then the AES-256-GCM ciphertext and tag of the records. The
/// whole header is authenticated data: changing a byte anywhere makes the file unreadable. Salt and nonce
/// are new on every write; the key is scrypt(passphrase, salt, N=2^15, r=8, p=1).
public struct FileKeyStore: KeyStore {
    /// The file.
    public let path: String
    /// Where the passphrase comes from.
    public let passphrase: PassphraseSource
    /// The environment the passphrase variable is read from.
    public let variables: [String: String]

    static let magic = Array("MFAGKS".utf8)
    static let version: UInt8 = 1
    static let logN: UInt8 = 15
    static let blockSize: UInt8 = 8
    static let parallelism: UInt8 = 1
    static let headerFixed = 6 + 1 + 3 + 16 + 12 + 4
    static let limit = 4 << 20

    /// A store at `path`.
    public init(path: String, passphrase: PassphraseSource, environment: AWSEnvironment) {
        self.path = path
        self.passphrase = passphrase
        self.variables = environment.variables
    }

    /// `$XDG_DATA_HOME/mfaguard/keys.store`, else `~/.local/share/mfaguard/keys.store`.
    public static func defaultPath(_ environment: AWSEnvironment) -> String {
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? environment.homeDirectory + "/.local/share"
        return base + "/mfaguard/keys.store"
    }

    struct Header {
        var logN: UInt8, blockSize: UInt8, parallelism: UInt8
        var salt: [UInt8], nonce: [UInt8]
        var profiles: [String]
        var bytes: [UInt8]
    }

    /// Whether the index names `profile` (no passphrase).
    public func holds(_ profile: String) throws -> Bool {
        guard let file = try read() else { return false }
        return try Self.header(file, path: path).profiles.contains(profile)
    }

    /// The key of `profile`.
    public func get(_ profile: String) throws -> StoredKey? {
        try load(creating: false).keys.first { $0.profile == profile }
    }

    /// Every key, by profile.
    public func list() throws -> [StoredKey] {
        guard try read() != nil else { return [] }
        return try load(creating: false).keys
    }

    /// Adds or replaces the key of `key.profile`.
    public func put(_ key: StoredKey) throws {
        try KeyStoreSelection.validate(profile: key.profile)
        for field in [key.accessKeyId, key.secretAccessKey]
        where field.isEmpty || field.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw KeyStoreError("an access key ID or secret is empty or holds a control character; nothing was stored")
        }
        let exists = try read() != nil
        var (keys, secret) = try load(creating: !exists)
        keys.removeAll { $0.profile == key.profile }
        keys.append(key)
        try write(keys, passphrase: secret)
    }

    /// Removes the key of `profile`.
    @discardableResult public func remove(_ profile: String) throws -> Bool {
        guard try holds(profile) else { return false }
        var (keys, secret) = try load(creating: false)
        let before = keys.count
        keys.removeAll { $0.profile == profile }
        try write(keys, passphrase: secret)
        return keys.count != before
    }

    // MARK: Reading and writing

    func read() throws -> [UInt8]? {
        try FileReader.contentsIfPresent(of: path, limit: Self.limit)
    }

    /// The records and the passphrase that opened them (asked for a new store when `creating`).
    func load(creating: Bool) throws -> (keys: [StoredKey], passphrase: [UInt8]) {
        guard let file = try read() else {
            return ([], try passphrase.get(true, variables))
        }
        let header = try Self.header(file, path: path)
        let secret = try passphrase.get(false, variables)
        let key = try Self.deriveKey(secret, header: header)
        let sealed = file[header.bytes.count...]
        guard sealed.count >= 16 else { throw damaged() }
        let plain: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: header.nonce), ciphertext: sealed.dropLast(16), tag: sealed.suffix(16))
            plain = try AES.GCM.open(box, using: key, authenticating: header.bytes)
        } catch {
            throw KeyStoreError("cannot open the key store \(path): wrong passphrase, or the file was altered")
        }
        return (try Self.records(Array(plain), path: path), secret)
    }

    func write(_ keys: [StoredKey], passphrase secret: [UInt8]) throws {
        let sorted = keys.sorted { $0.profile < $1.profile }
        var salt = [UInt8](repeating: 0, count: 16)
        var nonce = [UInt8](repeating: 0, count: 12)
        var generator = SystemRandomNumberGenerator()
        for index in 0..<16 { salt[index] = generator.next() }
        for index in 0..<12 { nonce[index] = generator.next() }
        let index = Array(sorted.map(\.profile).joined(separator: "\n").utf8)
        var header = Self.magic + [Self.version, Self.logN, Self.blockSize, Self.parallelism] + salt + nonce
        let count = UInt32(index.count)
        header += [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
        header += index
        let parsed = Header(
            logN: Self.logN, blockSize: Self.blockSize, parallelism: Self.parallelism, salt: salt, nonce: nonce,
            profiles: sorted.map(\.profile), bytes: header)
        let key = try Self.deriveKey(secret, header: parsed)
        var plain: [UInt8] = []
        for entry in sorted {
            let seconds = Int64(entry.addedAt.timeIntervalSince1970.rounded(.down))
            plain += Array("\(entry.profile)\t\(entry.accessKeyId)\t\(entry.secretAccessKey)\t\(seconds)\n".utf8)
        }
        let box = try AES.GCM.seal(plain, using: key, nonce: AES.GCM.Nonce(data: nonce), authenticating: header)
        let bytes = header + Array(box.ciphertext) + Array(box.tag)
        try AtomicWriter.replace(bytes, at: path, permissions: .exactly(0o600), missingDirectory: .create)
    }

    static func deriveKey(_ secret: [UInt8], header: Header) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: secret, salt: header.salt, outputByteCount: 32, rounds: 1 << Int(header.logN),
            blockSize: Int(header.blockSize), parallelism: Int(header.parallelism))
    }

    func damaged() -> KeyStoreError {
        KeyStoreError("the key store \(path) is damaged (not a version 1 mfaguard key store)")
    }

    static func header(_ file: [UInt8], path: String) throws(KeyStoreError) -> Header {
        let damaged = KeyStoreError("the key store \(path) is damaged (not a version 1 mfaguard key store)")
        guard file.count >= headerFixed + 16, Array(file[0..<6]) == magic else { throw damaged }
        guard file[6] == version else {
            throw KeyStoreError("the key store \(path) has version \(file[6]); this mfaguard reads version \(version)")
        }
        let (logN, blockSize, parallelism) = (file[7], file[8], file[9])
        // Parameters below the recommended ones, or absurd ones, mean the file was not written by mfaguard.
        guard logN >= 15, logN <= 22, blockSize >= 8, blockSize <= 32, parallelism >= 1, parallelism <= 16 else {
            throw damaged
        }
        let salt = Array(file[10..<26])
        let nonce = Array(file[26..<38])
        let count = file[38..<42].reduce(0) { $0 << 8 | Int($1) }
        guard headerFixed + count + 16 <= file.count else { throw damaged }
        let indexBytes = file[headerFixed..<(headerFixed + count)]
        let text = String(decoding: indexBytes, as: UTF8.self)
        let profiles =
            text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return Header(
            logN: logN, blockSize: blockSize, parallelism: parallelism, salt: salt, nonce: nonce, profiles: profiles,
            bytes: Array(file[0..<(headerFixed + count)]))
    }

    static func records(_ plain: [UInt8], path: String) throws(KeyStoreError) -> [StoredKey] {
        var keys: [StoredKey] = []
        for line in plain.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 4, let seconds = Int64(fields[3]) else {
                throw KeyStoreError("the key store \(path) holds a record this mfaguard cannot read")
            }
            keys.append(
                StoredKey(
                    profile: fields[0], accessKeyId: fields[1], secretAccessKey: fields[2],
                    addedAt: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        return keys
    }
}
