/// The four mask evaluation rules of ISO/IEC 18004 §7.8.3 (Table 11); the mask with the lowest sum wins.
enum QRPenalty {
    static let sameColorRun = 3  // N1, plus one per module beyond five
    static let sameColorBlock = 3  // N2
    static let finderLike = 40  // N3
    static let imbalance = 10  // N4

    static func score(_ modules: [Bool], size: Int) -> Int {
        var total = 0
        var line = [Bool](repeating: false, count: size)
        for index in 0..<size {
            for offset in 0..<size { line[offset] = modules[index * size + offset] }
            total += lineScore(line)
            for offset in 0..<size { line[offset] = modules[offset * size + index] }
            total += lineScore(line)
        }
        // Rule 2: each 2×2 block of one colour.
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = modules[y * size + x]
                if color == modules[y * size + x + 1] && color == modules[(y + 1) * size + x]
                    && color == modules[(y + 1) * size + x + 1]
                {
                    total += sameColorBlock
                }
            }
        }
        // Rule 4: 10 points for every full 5 % the dark share deviates from 50 %.
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let count = size * size
        let deviation = (abs(dark * 20 - count * 10) + count - 1) / count - 1
        total += deviation * imbalance
        return total
    }

    /// Rules 1 and 3 along one row or column. For rule 3 the area outside the symbol counts as light,
    /// as the quiet zone is.
    private static func lineScore(_ line: [Bool]) -> Int {
        var total = 0
        var runLength = 1
        for index in 1...line.count {
            if index < line.count && line[index] == line[index - 1] {
                runLength += 1
            } else {
                if runLength >= 5 { total += sameColorRun + runLength - 5 }
                runLength = 1
            }
        }
        // Rule 3: dark-light-dark-dark-dark-light-dark (1:1:3:1:1) with four light modules on either side.
        func module(_ index: Int) -> Bool { index >= 0 && index < line.count ? line[index] : false }
        let core = [true, false, true, true, true, false, true]
        for start in 0...(line.count - 7) {
            guard (0..<7).allSatisfy({ module(start + $0) == core[$0] }) else { continue }
            if (1...4).allSatisfy({ !module(start - $0) }) { total += finderLike }
            if (1...4).allSatisfy({ !module(start + 6 + $0) }) { total += finderLike }
        }
        return total
    }
}
