extension QRCode {
    /// A PNG image of the symbol: 8-bit grayscale, black modules on white, `scale` pixels per module and a
    /// light `border` of modules around it (4 is the quiet zone ISO/IEC 18004 §6.3.8 asks for).
    /// - Throws: `QRCodeError.invalidParameter` when `scale` is below 1 or `border` is negative.
    public func pngData(scale: Int = 8, border: Int = 4) throws(QRCodeError) -> [UInt8] {
        guard scale >= 1 else { throw .invalidParameter("scale \(scale) must be at least 1") }
        guard border >= 0 else { throw .invalidParameter("border \(border) must not be negative") }
        let side = (size + 2 * border) * scale
        guard side <= 32_768 else { throw .invalidParameter("a \(side)-pixel image is too large") }
        var pixels = [UInt8](repeating: 0xFF, count: side * side)
        for y in 0..<size {
            for x in 0..<size where self[x, y] {
                for row in 0..<scale {
                    let start = ((y + border) * scale + row) * side + (x + border) * scale
                    for offset in 0..<scale { pixels[start + offset] = 0 }
                }
            }
        }
        return PNGEncoder.grayscale(width: side, height: side, pixels: pixels)
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
