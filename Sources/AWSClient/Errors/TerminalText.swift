/// Text from a server (error codes and messages, ARNs, names) made safe to print on one terminal line.
///
/// Why: answers are untrusted. A message with ANSI/OSC escapes could recolour or retitle the terminal,
/// and one with CR/LF could forge a second `mfaguard: …` line; a 5 MB message would bury the rest.
/// Every description that carries server text goes through `sanitized`.
public enum TerminalText {
    /// How many characters of a server's error message are printed.
    public static let messageLimit = 300

    /// `text` with line breaks and tabs turned into spaces, every other C0 and C1 control character,
    /// DEL and the bidirectional overrides removed, cut to `limit` characters (`nil`: no cut) with a
    /// note of how much was left out.
    public static func sanitized(_ text: String, limit: Int? = nil) -> String {
        var scalars = String.UnicodeScalarView()
        var kept = 0
        var omitted = 0
        for scalar in text.unicodeScalars {
            let replacement: Unicode.Scalar?
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: replacement = " "
            case 0x00...0x1F, 0x7F...0x9F: replacement = nil
            // LRE…RLO and LRI…PDI reorder what follows them on screen.
            case 0x202A...0x202E, 0x2066...0x2069: replacement = nil
            default: replacement = scalar
            }
            guard let replacement else { continue }
            if let limit, kept >= limit {
                omitted += 1
                continue
            }
            scalars.append(replacement)
            kept += 1
        }
        var result = String(scalars)
        if omitted > 0 { result += "… (\(omitted) more characters)" }
        return result
    }
}
