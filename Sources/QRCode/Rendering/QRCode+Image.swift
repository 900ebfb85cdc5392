extension QRCode {
    /// A PNG image of the symbol: 8-bit grayscale, black modules on white, `scale` pixels per module and a
    /// light `border` of modules around it (4 is the quiet zone ISO/IEC 18004 §6.3.8 asks for).
    /// - Throws: `QRCodeError.invalidParameter` when `scale` is below 1, `border` is negative or the image
    ///   would be wider than 32,768 pixels.
    public func pngData(scale: Int = 8, border: Int = 4) throws(QRCodeError) -> [UInt8] {
        guard scale >= 1 else { throw .invalidParameter("scale \(scale) must be at least 1") }
        guard border >= 0 else { throw .invalidParameter("border \(border) must not be negative") }
        let side = (size + 2 * border) * scale
        guard side <= 32_768 else { throw .invalidParameter("a \(side)-pixel image is too large") }
        // Each module row is one unfiltered scanline followed by `scale − 1` Up-filtered (all-zero) copies.
        var scanlines = ByteRuns()
        for y in -border..<(size + border) {
            scanlines.append(0, count: 1)
            if y < 0 || y >= size {
                scanlines.append(0xFF, count: side)
            } else {
                scanlines.append(0xFF, count: border * scale)
                for x in 0..<size { scanlines.append(self[x, y] ? 0 : 0xFF, count: scale) }
                scanlines.append(0xFF, count: border * scale)
            }
            for _ in 1..<scale {
                scanlines.append(2, count: 1)
                scanlines.append(0, count: side)
            }
        }
        return PNGEncoder.grayscale(width: side, height: side, scanlines: scanlines)
    }

    /// An SVG document of the symbol, one path of dark runs on a white background, `border` modules of
    /// quiet zone around it, `moduleSize` user units per module (the SVG's `width`/`height`).
    /// - Throws: `QRCodeError.invalidParameter` when `moduleSize` is below 1 or `border` is negative.
    public func svg(moduleSize: Int = 8, border: Int = 4) throws(QRCodeError) -> String {
        guard moduleSize >= 1 else { throw .invalidParameter("module size \(moduleSize) must be at least 1") }
        guard border >= 0 else { throw .invalidParameter("border \(border) must not be negative") }
        let side = size + 2 * border
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < size && self[x + run, y] { run += 1 }
                path += "M\(x + border),\(y + border)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let pixels = side * moduleSize
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(pixels)" height="\(pixels)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">
            <rect width="\(side)" height="\(side)" fill="#ffffff"/>
            <path d="\(path)" fill="#000000"/>
            </svg>

            """
    }
}
