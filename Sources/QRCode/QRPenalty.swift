/// The four mask evaluation rules of ISO/IEC 18004 §7.8.3 (Table 11); the mask with the lowest sum wins.
enum QRPenalty {
    static let sameColorRun = 3  // N1, plus one per module beyond five
    static let sameColorBlock = 3  // N2
    static let finderLike = 40  // N3
    static let imbalance = 10  // N4

    static func score(_ modules: [Bool], size: Int) -> Int {
        modules.withUnsafeBufferPointer { grid in
            var total = 0
            for index in 0..<size {
                total += lineScore(grid, start: index * size, step: 1, count: size)  // row
                total += lineScore(grid, start: index, step: size, count: size)  // column
            }
            // Rule 2: each 2×2 block of one colour.
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let color = grid[y * size + x]
                    if color == grid[y * size + x + 1] && color == grid[(y + 1) * size + x]
                        && color == grid[(y + 1) * size + x + 1]
                    {
                        total += sameColorBlock
                    }
                }
            }
            // Rule 4: 10 points for every full 5 % the dark share deviates from 50 %.
            var dark = 0
            for module in grid where module { dark += 1 }
            let count = size * size
            let deviation = (abs(dark * 20 - count * 10) + count - 1) / count - 1
            return total + deviation * imbalance
        }
    }

    /// Rules 1 and 3 along one row or column (`count` modules from `start`, `step` apart). For rule 3 the
    /// area outside the symbol counts as light, as the quiet zone is: the line is read with four light
    /// modules added at its end (and the window starts out light).
    private static func lineScore(_ grid: UnsafeBufferPointer<Bool>, start: Int, step: Int, count: Int) -> Int {
        var total = 0
        var runLength = 0
        var previous = false
        // The last 11 modules read, newest in bit 0, to spot 0000 1011101 and 1011101 0000 (1:1:3:1:1).
        var window = 0
        for index in 0..<(count + 4) {
            let dark = index < count && grid[start + index * step]
            if index < count {
                if index > 0 && dark == previous {
                    runLength += 1
                } else {
                    if runLength >= 5 { total += sameColorRun + runLength - 5 }
                    runLength = 1
                }
                previous = dark
            }
            window = ((window << 1) | (dark ? 1 : 0)) & 0x7FF
            if index >= 6 && (window == 0x05D || window == 0x5D0) { total += finderLike }
        }
        if runLength >= 5 { total += sameColorRun + runLength - 5 }
        return total
    }
}
