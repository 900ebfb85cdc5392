import LocalFiles
import MFAGuardConsole
import OTP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Computes the code `mfaguard totp` prints: reads the seed, applies the parameters, asks `OTP`.
///
/// The clock and standard input are injected so tests fix them.
public struct TOTPCodeGenerator: Sendable {
    /// The current Unix time in seconds.
    public var now: @Sendable () -> Int64
    /// The bytes of standard input.
    public var readStandardInput: @Sendable () -> [UInt8]

    /// A generator over this clock and input; `system` is the real ones.
    public init(now: @escaping @Sendable () -> Int64, readStandardInput: @escaping @Sendable () -> [UInt8]) {
        self.now = now
        self.readStandardInput = readStandardInput
    }

    /// The real clock and standard input.
    public static let system = TOTPCodeGenerator(
        now: {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            return Int64(now.tv_sec)
        },
        readStandardInput: { StandardInput.readAll() }
    )

    /// The bytes of a seed file: a regular file or a stream the user names (`<(pass show …)`), 64 KiB at most.
    public static func readSeedFile(_ path: String) throws(MFAGuardFailure) -> [UInt8] {
        do { return try FileReader.contents(of: path, limit: 64 * 1024, accepting: .streams) } catch {
            throw MFAGuardFailure(error)
        }
    }

    /// The code for `request`.
    /// - Throws: `MFAGuardFailure(.input)` for an unreadable file, an invalid seed (naming the source)
    ///   or invalid parameters.
    public func code(for request: TOTPCodeRequest) throws(MFAGuardFailure) -> String {
        let (bytes, origin): ([UInt8], String)
        switch request.source {
        case .file(let path): (bytes, origin) = (try Self.readSeedFile(path), path)
        case .standardInput: (bytes, origin) = (readStandardInput(), "standard input")
        }
        do {
            let seed = try Self.seed(from: bytes)
            let algorithm = try request.algorithm.map { name throws(OTPError) in try OTPAlgorithm(name: name) }
            let totp = try TOTP(
                secret: seed.secret,
                algorithm: algorithm ?? seed.algorithm,
                digits: request.digits ?? seed.digits,
                period: request.period ?? seed.period
            )
            return try totp.code(at: request.time ?? now())
        } catch {
            throw MFAGuardFailure(.input, "\(origin): \(error)")
        }
    }

    /// The seed and its URI's parameters: a Base32 seed (surrounding white space dropped) stands for
    /// SHA1, 6 digits, 30 seconds; an `otpauth://totp/` URI brings its own.
    public static func seed(from bytes: [UInt8]) throws(OTPError) -> OTPKeyURI {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let end = bytes.lastIndex { !isSpace($0) }.map { $0 + 1 } ?? start
        let trimmed = bytes[start..<max(start, end)]
        guard let text = String(validating: trimmed, as: UTF8.self) else {
            let offset = trimmed.firstIndex { $0 >= 0x80 } ?? start
            throw .invalidBase32Character("\u{FFFD}", position: offset - start + 1)
        }
        let scheme = Array("otpauth:".utf8)
        if trimmed.count >= scheme.count && zip(trimmed, scheme).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
            return try OTPKeyURI(parsing: text)
        }
        return try OTPKeyURI(issuer: nil, accountName: "", secret: try Base32.decode(text))
    }
}
