import Foundation
import MFAGuardConsole

/// Where the file store's passphrase comes from: `MFAGUARD_STORE_PASSPHRASE`, else the terminal (not
/// echoed; asked twice when the store is created).
public struct PassphraseSource: Sendable {
    /// Gives the passphrase; `creating` is true when a new store is about to be written.
    public let get: @Sendable (_ creating: Bool, _ environment: [String: String]) throws -> [UInt8]

    /// A source with its own way of getting the passphrase (tests).
    public init(get: @escaping @Sendable (_ creating: Bool, _ environment: [String: String]) throws -> [UInt8]) {
        self.get = get
    }

    /// `MFAGUARD_STORE_PASSPHRASE`, else a question on `/dev/tty` without echo.
    public static let standard = PassphraseSource { creating, environment in
        if let variable = environment["MFAGUARD_STORE_PASSPHRASE"], !variable.isEmpty { return Array(variable.utf8) }
        let first = try askWithoutEcho("Key store passphrase: ")
        guard !first.isEmpty else { throw KeyStoreError("the key store passphrase must not be empty") }
        if creating {
            let second = try askWithoutEcho("Repeat the passphrase: ")
            guard first == second else { throw KeyStoreError("the two passphrases differ; nothing was stored") }
        }
        return first
    }

    /// Asks on `/dev/tty` with echo turned off (and back on afterwards), for a secret.
    /// - Throws: `KeyStoreError` when there is no terminal.
    public static func askWithoutEcho(_ prompt: String, path: String = "/dev/tty") throws(KeyStoreError) -> [UInt8] {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw KeyStoreError(
                "no terminal to ask for the key store passphrase on; set MFAGUARD_STORE_PASSPHRASE")
        }
        defer { close(descriptor) }
        var saved = termios()
        let isTerminal = tcgetattr(descriptor, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(descriptor, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal {
                _ = tcsetattr(descriptor, TCSAFLUSH, &saved)
                _ = write(descriptor, "\n", 1)
            }
        }
        _ = prompt.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }
}
