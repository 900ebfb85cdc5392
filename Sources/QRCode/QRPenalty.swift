/// The four mask evaluation rules of ISO/IEC 18004 §7.8.3 (Table 11); the mask with the lowest sum wins.
enum QRPenalty {
    static let sameColorRun = 3  // N1, plus one per module beyond five
    static let sameColorBlock = 3  // N2
    static let finderLike = 40  // N3
    static let imbalance = 10  // N4

    // The loops below are branch-free: whether two random modules match is a coin toss, and a
    // mispredicted branch per module made scoring the eight masks most of `encode`'s time.
    static func score(_ modules: [Bool], size: Int) -> Int {
        modules.withUnsafeBufferPointer { grid in
            var total = 0
            var darkCount = 0
            for index in 0..<size {
                total &+= lineScore(grid, start: index &* size, step: 1, count: size)  // row
                total &+= lineScore(grid, start: index, step: size, count: size)  // column
            }
            // Rule 2: each 2×2 block of one colour. Read as bytes (0 or 1), so the comparisons are
            // arithmetic, not branches.
            grid.withMemoryRebound(to: UInt8.self) { bytes in
                var blocks = 0
                for y in 0..<(size - 1) {
                    let row = y &* size
                    for x in 0..<(size - 1) {
                        let color = bytes[row &+ x]
                        let mixed =
                            (color ^ bytes[row &+ x &+ 1]) | (color ^ bytes[row &+ size &+ x])
                            | (color ^ bytes[row &+ size &+ x &+ 1])
                        blocks &+= Int(mixed ^ 1)
                    }
                }
                total &+= blocks &* sameColorBlock
                // Rule 4: 10 points for every full 5 % the dark share deviates from 50 %.
                for module in bytes { darkCount &+= Int(module) }
            }
            let count = size * size
            let deviation = (abs(darkCount * 20 - count * 10) + count - 1) / count - 1
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
        var finders = 0
        var index = start
        for _ in 0..<count {
            let dark = grid[index]
            index &+= step
            let same = dark == previous ? 1 : 0
            // A run that ends scores 3 plus one per module beyond five.
            let ended = runLength >= 5 ? runLength &- 2 : 0
            total &+= ended &* (1 &- same)
            runLength = runLength &* same &+ 1
            previous = dark
            window = ((window << 1) | (dark ? 1 : 0)) & 0x7FF
            finders &+= (window == 0x05D ? 1 : 0) &+ (window == 0x5D0 ? 1 : 0)
        }
        for _ in 0..<4 {
            window = (window << 1) & 0x7FF
            finders &+= window == 0x5D0 ? 1 : 0
        }
        if runLength >= 5 { total &+= sameColorRun + runLength - 5 }
        return total &+ finders &* finderLike
    }
}
