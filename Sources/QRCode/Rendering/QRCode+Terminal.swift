extension QRCode {
    /// Renders the symbol with Unicode half blocks (`▀ ▄ █` and space), two module rows per text line,
    /// surrounded by a quiet zone (ISO/IEC 18004 §6.3.8 asks for four modules).
    ///
    /// The glyphs are the "ink": by default dark modules are ink, right for dark text on a light
    /// background. `invert` makes the light modules ink, right for light text on a dark background.
    /// `colors` wraps each line in explicit ANSI colours (black on bright white, or white on black when
    /// inverted), so the code reads correctly whatever the terminal's theme.
    public func renderTerminal(colors: Bool = false, invert: Bool = false, quietZone: Int = 4) -> String {
        let border = max(0, quietZone)
        let width = size + 2 * border
        let height = size + 2 * border
        func ink(_ x: Int, _ y: Int) -> Bool {
            let dark =
                (0..<size).contains(x - border) && (0..<size).contains(y - border) && self[x - border, y - border]
            // Below the last row (odd heights) counts as quiet zone, so it follows the same inversion.
            return dark != invert
        }
        // ESC[30;107m: black on bright white; ESC[97;40m: bright white on black; ESC[0m resets.
        let start = colors ? (invert ? "\u{1B}[97;40m" : "\u{1B}[30;107m") : ""
        let end = colors ? "\u{1B}[0m" : ""
        var output = ""
        output.reserveCapacity((width + start.count + end.count + 1) * (height + 1) / 2 * 3)
        for y in stride(from: 0, to: height, by: 2) {
            output += start
            for x in 0..<width {
                let top = ink(x, y)
                let bottom = y + 1 < height ? ink(x, y + 1) : invert
                switch (top, bottom) {
                case (true, true): output += "█"
                case (true, false): output += "▀"
                case (false, true): output += "▄"
                case (false, false): output += " "
                }
            }
            output += end + "\n"
        }
        return output
    }
}
