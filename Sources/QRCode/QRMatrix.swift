/// The module grid under construction: function patterns, data placement, masking and format information
/// (ISO/IEC 18004 §6.3 and §7.7–7.9). Coordinates are `x` (column) and `y` (row), origin top left.
struct QRMatrix: Sendable {
    let version: Int
    let size: Int
    private(set) var modules: [Bool]
    /// Modules of function patterns, which data placement and masking skip.
    private var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        self.size = version * 4 + 17
        modules = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
        drawFunctionPatterns()
    }

    subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns (§6.3.2–6.3.6)

    private mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)  // timing patterns, §6.3.5
            setFunction(index, 6, index % 2 == 0)
        }
        drawFinderPattern(centerX: 3, centerY: 3)
        drawFinderPattern(centerX: size - 4, centerY: 3)
        drawFinderPattern(centerX: 3, centerY: size - 4)
        let positions = QRVersionTable.alignmentPositions(version: version)
        for (row, y) in positions.enumerated() {
            for (column, x) in positions.enumerated() {
                // The three corners that hold finder patterns get no alignment pattern.
                let last = positions.count - 1
                if (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0) {
                    continue
                }
                drawAlignmentPattern(centerX: x, centerY: y)
            }
        }
        drawFormatBits(mask: 0, correction: .medium)  // reserves the area; redrawn with the real values
        drawVersionInformation()
    }

    /// A 7×7 finder pattern with its light separator (§6.3.3).
    private mutating func drawFinderPattern(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx
                let y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x, y, distance != 2 && distance != 4)
            }
        }
    }

    /// A 5×5 alignment pattern (§6.3.6).
    private mutating func drawAlignmentPattern(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(centerX + dx, centerY + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// The 15-bit format information, BCH(15,5)-coded and masked with 101010000010010 (§7.9.1), in both copies.
    mutating func drawFormatBits(mask: Int, correction: QRErrorCorrection) {
        let data = correction.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }

        // First copy, around the top-left finder pattern.
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        // Second copy, split between the top-right and bottom-left finder patterns.
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)  // the dark module, §6.3.3
    }

    /// The 18-bit version information of versions 7 and up, BCH(18,6)-coded (§7.10), in both copies.
    private mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    // MARK: Data placement and masking (§7.7.3, §7.8)

    /// Places the codewords in the two-module-wide zigzag from the bottom right, skipping function modules
    /// and the vertical timing pattern; remainder bits stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for x in stride(from: right, through: right - 1, by: -1)
                where !isFunction[y * size + x] && bitIndex < totalBits {
                    modules[y * size + x] = (codewords[bitIndex >> 3] >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// XORs data-module pattern `mask` (0...7, §7.8.2 Table 10) into the grid; applying it twice undoes it.
    mutating func applyMask(_ mask: Int) {
        switch mask {
        case 0: invertDataModules { x, y in (x + y) % 2 == 0 }
        case 1: invertDataModules { _, y in y % 2 == 0 }
        case 2: invertDataModules { x, _ in x % 3 == 0 }
        case 3: invertDataModules { x, y in (x + y) % 3 == 0 }
        case 4: invertDataModules { x, y in (x / 3 + y / 2) % 2 == 0 }
        case 5: invertDataModules { x, y in x * y % 2 + x * y % 3 == 0 }
        case 6: invertDataModules { x, y in (x * y % 2 + x * y % 3) % 2 == 0 }
        default: invertDataModules { x, y in ((x + y) % 2 + x * y % 3) % 2 == 0 }
        }
    }

    /// Inverts every non-function module where `condition(x, y)` holds; inlined once per mask pattern.
    @inline(__always)
    private mutating func invertDataModules(where condition: (Int, Int) -> Bool) {
        let size = size
        isFunction.withUnsafeBufferPointer { function in
            modules.withUnsafeMutableBufferPointer { grid in
                // Branch-free (a module's colour is a coin toss for the branch predictor): Bools as bytes.
                function.withMemoryRebound(to: UInt8.self) { function in
                    grid.withMemoryRebound(to: UInt8.self) { grid in
                        for y in 0..<size {
                            for x in 0..<size {
                                let index = y &* size &+ x
                                let flip: UInt8 = condition(x, y) ? 1 : 0
                                grid[index] ^= flip & (function[index] ^ 1)
                            }
                        }
                    }
                }
            }
        }
    }
}
