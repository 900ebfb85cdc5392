/// The four error correction levels of ISO/IEC 18004 §5.3.8; each recovers about 7, 15, 25 or 30 % damage.
public enum QRErrorCorrection: String, CaseIterable, Sendable {
    case low = "L"
    case medium = "M"
    case quartile = "Q"
    case high = "H"

    /// Parses `L`, `M`, `Q`, `H` (any case) or the full names `low`, `medium`, `quartile`, `high`.
    public init?(name: String) {
        switch name.lowercased() {
        case "l", "low": self = .low
        case "m", "medium": self = .medium
        case "q", "quartile": self = .quartile
        case "h", "high": self = .high
        default: return nil
        }
    }

    /// The two format-information bits for this level (ISO/IEC 18004 Table 12): L 01, M 00, Q 11, H 10.
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }

    /// The row of this level in `QRVersionTable`'s tables.
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }
}
