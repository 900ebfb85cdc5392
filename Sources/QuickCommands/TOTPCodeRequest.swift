/// What `mfaguard totp` was asked for: where the seed comes from and the code parameters.
///
/// Parameters left `nil` come from the seed's `otpauth://` URI when it is one, else RFC 6238's defaults
/// (SHA1, 6 digits, 30 seconds) and the current time.
public struct TOTPCodeRequest: Sendable {
    /// Where the seed is read from. Never a command-line argument: those show in `ps`.
    public enum SecretSource: Sendable, Equatable {
        /// A file holding the Base32 seed or an `otpauth://` URI.
        case file(String)
        /// Standard input, holding the same.
        case standardInput
    }

    /// Where to read the seed (or `otpauth://` URI) from.
    public var source: SecretSource
    /// Unix time in seconds; `nil` for now.
    public var time: Int64?
    /// Code length, 6...8; `nil` for the URI's or 6.
    public var digits: Int?
    /// `SHA1`, `SHA256` or `SHA512`.
    public var algorithm: String?
    /// Time step in seconds.
    public var period: Int?

    /// A request; `nil` parameters come from the URI or the defaults.
    public init(
        source: SecretSource, time: Int64? = nil, digits: Int? = nil, algorithm: String? = nil, period: Int? = nil
    ) {
        self.source = source
        self.time = time
        self.digits = digits
        self.algorithm = algorithm
        self.period = period
    }
}

extension TOTPCodeRequest {
    /// The long option names of `totp` (without `--`), declared once for both of its parsers:
    /// ArgumentParser's `TOTPCommand` and the small front end's `QuickCommand`.
    public enum OptionName {
        /// `--secret-file`.
        public static let secretFile = "secret-file"
        /// `--time`.
        public static let time = "time"
        /// `--digits`.
        public static let digits = "digits"
        /// `--algorithm`.
        public static let algorithm = "algorithm"
        /// `--period`.
        public static let period = "period"
    }
}
