import LocalFiles
import MFAGuardConsole
import QRCode

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `mfaguard qr` does: encodes text as a QR code and renders it for the terminal or writes
/// PNG/SVG files atomically.
public enum QRCodeExport {
    /// How the terminal rendering looks (see `QRCode.renderTerminal`).
    public struct TerminalStyle: Sendable {
        /// Explicit ANSI colours, readable on light and dark themes.
        public var colors: Bool
        /// Draw light modules as ink (for light text on a dark background without colours).
        public var invert: Bool

        /// A style with colours and/or inversion.
        public init(colors: Bool, invert: Bool) {
            self.colors = colors
            self.invert = invert
        }
    }

    /// What `mfaguard qr` was asked for.
    public struct Request: Sendable {
        /// `--correction` default: level M, about 15% of the code recoverable.
        public static let defaultCorrection = "M"
        /// `--scale` default: pixels per module in the PNG.
        public static let defaultScale = 8
        /// `--border` default: quiet-zone width in modules (the QR minimum).
        public static let defaultBorder = 4

        /// The text to encode; `-` reads it from standard input.
        public var text: String
        /// `--png PATH`; nil for no PNG file.
        public var png: String?
        /// `--svg PATH`; nil for no SVG file.
        public var svg: String?
        /// Error correction level name: `L`, `M`, `Q` or `H`.
        public var correction = Self.defaultCorrection
        /// PNG pixels per module.
        public var scale = Self.defaultScale
        /// Quiet zone around the code, in modules (PNG and SVG).
        public var border = Self.defaultBorder
        /// `--invert`, terminal rendering only.
        public var invert = false
        /// `--no-color`, terminal rendering only.
        public var noColor = false

        /// A request for `text` with every default: printed to the terminal.
        public init(text: String) { self.text = text }
    }

    /// Runs `mfaguard qr`: writes the images asked for, else prints the code for the terminal, with
    /// colours by the policy of every command (`Console.colorEnabled(noColorFlag:)`: not with `--no-color`,
    /// `NO_COLOR` or `TERM=dumb`, nor when standard output is not a terminal).
    public static func run(_ request: Request) throws(MFAGuardFailure) {
        let content = request.text == "-" ? trimmingNewlines(StandardInput.readAll()) : request.text
        let level = try correction(named: request.correction)
        let code: QRCode
        do { code = try encode(content, correction: level) } catch { throw MFAGuardFailure(wrapping: error)! }
        if let png = request.png {
            try writePNG(code, of: content, to: png, scale: request.scale, border: request.border)
        }
        if let svg = request.svg { try writeSVG(code, of: content, to: svg, border: request.border) }
        guard request.png == nil && request.svg == nil else { return }
        let colors = Console.colorEnabled(noColorFlag: request.noColor)
        Console.output(terminalText(code, style: .init(colors: colors, invert: request.invert)))
    }

    /// Standard input's text without leading and trailing line breaks (the scalars of Foundation's
    /// `CharacterSet.newlines`), so `echo URI | mfaguard qr -` encodes the URI alone.
    static func trimmingNewlines(_ bytes: [UInt8]) -> String {
        let isNewline: (Unicode.Scalar) -> Bool = {
            (0x0A...0x0D).contains($0.value) || $0.value == 0x85 || $0.value == 0x2028 || $0.value == 0x2029
        }
        let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
        let start = scalars.firstIndex { !isNewline($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isNewline($0) }.map { scalars.index(after: $0) } ?? start
        return String(String.UnicodeScalarView(scalars[start..<max(start, end)]))
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
        try write(png, to: path, of: text)
    }

    /// Writes an SVG of `code` to `path`; mode 0600 when `text` is an `otpauth://` URI.
    public static func writeSVG(_ code: QRCode, of text: String, to path: String, border: Int = 4)
        throws(MFAGuardFailure)
    {
        let svg: String
        do { svg = try code.svg(border: border) } catch { throw MFAGuardFailure(wrapping: error)! }
        try write(Array(svg.utf8), to: path, of: text)
    }

    /// The rendering for the terminal.
    public static func terminalText(_ code: QRCode, style: TerminalStyle) -> String {
        code.renderTerminal(colors: style.colors, invert: style.invert)
    }

    /// DESIGN.md: a TOTP seed is written only where the user asks, with mode 0600.
    static func contents(of text: String) -> OutputFile.Contents {
        text.lowercased().hasPrefix("otpauth:") ? .sensitive : .report
    }

    /// An image goes where `--png`/`--svg` says, by the rules of every `--output` (`OutputFile`); no
    /// flush to disk, as `qrencode -o` does not flush either (the rename is still all-or-nothing).
    private static func write(_ bytes: [UInt8], to path: String, of text: String) throws(MFAGuardFailure) {
        do { try OutputFile.write(bytes, to: path, contents: contents(of: text), durable: false) } catch {
            throw MFAGuardFailure(error)
        }
    }
}

extension QRCodeExport.Request {
    /// The long option names of `qr` (without `--`), declared once for both of its parsers:
    /// ArgumentParser's `QRCommand` and the small front end's `QuickCommand`.
    public enum OptionName {
        /// `--png FILE`.
        public static let png = "png"
        /// `--svg FILE`.
        public static let svg = "svg"
        /// `--correction L|M|Q|H`.
        public static let correction = "correction"
        /// `--scale N`.
        public static let scale = "scale"
        /// `--border N`.
        public static let border = "border"
        /// `--invert`, a flag.
        public static let invert = "invert"
        /// `--no-color`, a flag.
        public static let noColor = "no-color"
    }
}
