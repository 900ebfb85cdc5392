/// Why a QR code could not be made.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data does not fit in a version 40 symbol at the chosen error correction level.
    case dataTooLong(byteCount: Int, maximumByteCount: Int, correction: QRErrorCorrection)
    /// A parameter out of range: a mask outside 0...7, a scale or module size below 1, a negative border,
    /// a PNG wider than 32,768 pixels.
    case invalidParameter(String)

    /// One line for the user; for `dataTooLong` it names the limit and suggests a lower `--correction`.
    public var description: String {
        switch self {
        case .dataTooLong(let count, let maximum, let correction):
            return "text too long for a QR code: \(count) bytes, at most \(maximum) fit at error correction "
                + "\(correction.rawValue) (try a lower --correction)"
        case .invalidParameter(let reason):
            return "invalid QR code parameter: \(reason)"
        }
    }
}
