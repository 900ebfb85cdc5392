import TestSupport
import Testing

@testable import QRCode

/// The mask penalty (ISO/IEC 18004 §7.8.3) is written branch-free for speed; here it is checked against
/// the rules written out the plain way, on random grids and on hand-made ones with known scores.
struct QRPenaltyTests {
    /// Rules 1–4 as the standard words them: runs of five or more, 2×2 blocks, 1:1:3:1:1 with four
    /// light modules on one side (outside the symbol counts as light), and the dark share.
    static func referenceScore(_ grid: [Bool], size: Int) -> Int {
        var lines: [[Bool]] = []
        for y in 0..<size { lines.append((0..<size).map { grid[y * size + $0] }) }
        for x in 0..<size { lines.append((0..<size).map { grid[$0 * size + x] }) }
        var score = 0
        let finder: [Bool] = [true, false, true, true, true, false, true]
        let light = [Bool](repeating: false, count: 4)
        for line in lines {
            var start = 0
            while start < line.count {
                var end = start
                while end < line.count && line[end] == line[start] { end += 1 }
                if end - start >= 5 { score += 3 + (end - start - 5) }
                start = end
            }
            let padded = light + line + light
            for offset in 0...(padded.count - 11) {
                let window = Array(padded[offset..<(offset + 11)])
                if window == light + finder { score += 40 }
                if window == finder + light { score += 40 }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let corners = [
                    grid[y * size + x], grid[y * size + x + 1], grid[(y + 1) * size + x], grid[(y + 1) * size + x + 1],
                ]
                if Set(corners).count == 1 { score += 3 }
            }
        }
        let dark = grid.filter { $0 }.count
        // k steps of 5 %: 45–55 % is k = 0, 40–45 % and 55–60 % k = 1, and so on.
        let deviation = abs(Double(dark) * 100 / Double(grid.count) - 50)
        score += max(0, Int((deviation / 5).rounded(.up)) - 1) * 10
        return score
    }

    /// Seeded, so that a failure names a grid that can be had again.
    @Test(arguments: [1, 2] as [UInt64]) func matchesTheRulesOnRandomGrids(seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        // Every size a version can have (21…177); the first rounds straddle the 64-bit word boundaries
        // of the bit vectors the scoring uses (a line plus its 4 + 4 light margins).
        let boundarySizes = [57, 61, 65, 121, 125, 129, 177]
        for round in 0..<200 {
            let size =
                round < boundarySizes.count ? boundarySizes[round] : 21 + 4 * Int.random(in: 0...39, using: &generator)
            // Dense, sparse and balanced grids, so rule 4 and long runs both occur.
            let darkShare = [0.5, 0.2, 0.8, 0.05][round % 4]
            let grid = (0..<(size * size)).map { _ in Double.random(in: 0..<1, using: &generator) < darkShare }
            let expected = Self.referenceScore(grid, size: size)
            let actual = QRPenalty.score(grid, size: size)
            #expect(actual == expected, "seed \(seed), round \(round): size \(size), dark share \(darkShare)")
            if actual != expected { return }
        }
    }

    @Test func knownScores() {
        // All light, 21×21: 42 lines of one run of 21 (3 + 16 each), 400 blocks, 0 % dark (k = 9:
        // 5 % to 0 %); no finder-like pattern.
        let size = 21
        #expect(QRPenalty.score([Bool](repeating: false, count: size * size), size: size) == 42 * 19 + 400 * 3 + 90)
        // One row 1011101 then light, the rest light: the row is one finder-like pattern with light
        // on both sides (counted once per side), and the columns through it each break into runs.
        var grid = [Bool](repeating: false, count: size * size)
        for (x, dark) in [true, false, true, true, true, false, true].enumerated() { grid[5 * size + 7 + x] = dark }
        #expect(QRPenalty.score(grid, size: size) == Self.referenceScore(grid, size: size))
    }
}
