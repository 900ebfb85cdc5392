import QRCode

/// What `mfaguard qr` does: encodes text as a QR code and renders it for the terminal or writes
/// PNG/SVG files atomically.
public enum QRCodeExport {
    /// How the terminal rendering looks (see `QRCode.renderTerminal`).
    public struct TerminalStyle: Sendable {
        /// Explicit ANSI colours, readable on light and dark themes.
        public var colors: Bool
        /// Draw light modules as ink (for light text on a dark background without colours).
        public var invert: Bool

        public init(colors: Bool, invert: Bool) {
            self.colors = colors
            self.invert = invert
        }
    }

    /// Parses an error correction level name (`L`, `M`, `Q`, `H`).
    /// - Throws: `MFAGuardFailure(.input)` for anything else.
    public static func correction(named name: String) throws(MFAGuardFailure) -> QRErrorCorrection {
        guard let level = QRErrorCorrection(name: name) else {
            throw MFAGuardFailure(.input, "unknown error correction level '\(name)': use L, M, Q or H")
        }
        return level
    }

    /// Encodes `text` (its UTF-8 bytes).
    /// - Throws: `QRCodeError.dataTooLong` when it does not fit in version 40 at `correction`.
    public static func encode(_ text: String, correction: QRErrorCorrection) throws(QRCodeError) -> QRCode {
        try QRCode.encode(Array(text.utf8), correction: correction)
    }

    /// Writes a PNG of `code` to `path`; mode 0600 when `text` is an `otpauth://` URI, which holds a seed.
    public static func writePNG(
        _ code: QRCode, of text: String, to path: String, scale: Int = 8, border: Int = 4
    ) throws(MFAGuardFailure) {
        let png: [UInt8]
        do { png = try code.pngData(scale: scale, border: border) } catch { throw MFAGuardFailure(wrapping: error)! }
        try LocalFile.writeAtomically(png, to: path, permissions: permissions(for: text), durable: false)
    }

    /// Writes an SVG of `code` to `path`; mode 0600 when `text` is an `otpauth://` URI.
    public static func writeSVG(_ code: QRCode, of text: String, to path: String, border: Int = 4)
        throws(MFAGuardFailure)
    {
        let svg: String
        do { svg = try code.svg(border: border) } catch { throw MFAGuardFailure(wrapping: error)! }
        try LocalFile.writeAtomically(Array(svg.utf8), to: path, permissions: permissions(for: text), durable: false)
    }

    /// The rendering for the terminal.
    public static func terminalText(_ code: QRCode, style: TerminalStyle) -> String {
        code.renderTerminal(colors: style.colors, invert: style.invert)
    }

    /// DESIGN.md: a TOTP seed is written only where the user asks, with mode 0600.
    static func permissions(for text: String) -> Int {
        text.lowercased().hasPrefix("otpauth:") ? 0o600 : 0o644
    }
}
