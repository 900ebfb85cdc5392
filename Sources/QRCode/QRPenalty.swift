/// The four mask evaluation rules of ISO/IEC 18004 §7.8.3 (Table 11); the mask with the lowest sum wins.
///
/// `encode` scores all eight masks, which made scoring most of its time; here every row and column is
/// a bit vector (`Line`, up to 192 modules: version 40 is 177 wide, plus the light margins rule 3
/// needs) and each rule is a handful of word operations per line instead of a branch per module (the
/// colour of a module is a coin toss for the branch predictor). QRPenaltyTests checks the result
/// against the rules written out plainly.
enum QRPenalty {
    static let sameColorRun = 3  // N1, plus one per module beyond five
    static let sameColorBlock = 3  // N2
    static let finderLike = 40  // N3
    static let imbalance = 10  // N4

    static func score(_ modules: [Bool], size: Int) -> Int {
        var rows: [Line] = []
        var columns: [Line] = []
        rows.reserveCapacity(size)
        columns.reserveCapacity(size)
        modules.withUnsafeBufferPointer { grid in
            grid.withMemoryRebound(to: UInt8.self) { bytes in  // a Bool is one byte, 0 or 1
                for index in 0..<size {
                    rows.append(Line(bytes, start: index &* size, step: 1, count: size))
                    columns.append(Line(bytes, start: index, step: size, count: size))
                }
            }
        }
        var total = 0
        var dark = 0
        for index in 0..<size {
            total &+= runsAndFinders(rows[index], count: size) &+ runsAndFinders(columns[index], count: size)
            dark &+= rows[index].popCount
        }
        // Rule 2: each 2×2 block of one colour, at the columns x < size − 1 of rows y and y + 1.
        let blockColumns = Line.ones(size - 1)
        for y in 0..<(size - 1) {
            let top = rows[y]
            let bottom = rows[y + 1]
            let same = ~(top ^ top.shiftedDown(1)) & ~(top ^ bottom) & ~(top ^ bottom.shiftedDown(1))
            total &+= (same & blockColumns).popCount &* sameColorBlock
        }
        // Rule 4: 10 points for every full 5 % the dark share deviates from 50 %.
        let count = size * size
        let deviation = (abs(dark * 20 - count * 10) + count - 1) / count - 1
        return total + deviation * imbalance
    }

    /// Rules 1 and 3 along one line of `count` modules.
    ///
    /// Rule 1: a run of L ≥ 5 scores L − 2, which is the number of its windows of five equal modules
    /// (L − 4) plus 2 for its start. Rule 3: 1011101 with four light modules before or after it, the
    /// area outside the symbol counting as light (the quiet zone): the line is read with four light
    /// modules on each side.
    private static func runsAndFinders(_ line: Line, count: Int) -> Int {
        // equal[i]: module i equals module i + 1.
        let equal = ~(line ^ line.shiftedDown(1)) & Line.ones(count - 1)
        let fiveEqual = equal & equal.shiftedDown(1) & equal.shiftedDown(2) & equal.shiftedDown(3)
        let runStarts = fiveEqual & ~equal.shiftedUp(1)
        var total = fiveEqual.popCount &+ 2 &* runStarts.popCount

        let padded = line.shiftedUp(4)  // module i at bit i + 4; bits 0–3 and count + 4… are light
        let positions = Line.ones(count + 8 - 10)  // windows of 11 that fit in count + 8
        // Bit i of `next(k)`: the module k after position i of the padded line.
        let next = { (k: Int) in padded.shiftedDown(k) }
        let finder = padded & ~next(1) & next(2) & next(3) & next(4) & ~next(5) & next(6)  // 1011101 at i
        let light = ~(padded | next(1) | next(2) | next(3))  // 0000 at i
        let lightFirst = light & finder.shiftedDown(4)  // 0000 1011101
        let finderFirst = finder & light.shiftedDown(7)  // 1011101 0000
        total &+= ((lightFirst & positions).popCount &+ (finderFirst & positions).popCount) &* finderLike
        return total
    }
}

/// A row or column of modules as bits, module i at bit i; 192 bits, enough for version 40 plus margins.
struct Line: Sendable {
    private var low: UInt64 = 0
    private var middle: UInt64 = 0
    private var high: UInt64 = 0

    init() {}

    private init(_ low: UInt64, _ middle: UInt64, _ high: UInt64) {
        (self.low, self.middle, self.high) = (low, middle, high)
    }

    /// Bits 0..<count set.
    static func ones(_ count: Int) -> Line {
        func word(_ start: Int) -> UInt64 {
            let bits = min(max(count - start, 0), 64)
            return bits == 64 ? ~0 : (1 << UInt64(bits)) &- 1
        }
        return Line(word(0), word(64), word(128))
    }

    /// The `count` bytes (each 0 or 1) from `start`, `step` apart, as bits 0..<count.
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, step: Int, count: Int) {
        func word(_ first: Int) -> UInt64 {
            var word: UInt64 = 0
            var index = start &+ first &* step
            for bit in 0..<max(0, min(64, count &- first)) {
                word |= UInt64(bytes[index]) << UInt64(bit)
                index &+= step
            }
            return word
        }
        self.init(word(0), word(64), word(128))
    }

    @inline(__always)
    var popCount: Int { low.nonzeroBitCount &+ middle.nonzeroBitCount &+ high.nonzeroBitCount }

    /// Bit i of the result is bit i + `count` of this line (0 < count < 64).
    @inline(__always)
    func shiftedDown(_ count: Int) -> Line {
        let shift = UInt64(count)
        let back = UInt64(64 - count)
        return Line(low >> shift | middle << back, middle >> shift | high << back, high >> shift)
    }

    /// Bit i + `count` of the result is bit i of this line (0 < count < 64).
    @inline(__always)
    func shiftedUp(_ count: Int) -> Line {
        let shift = UInt64(count)
        let back = UInt64(64 - count)
        return Line(low << shift, middle << shift | low >> back, high << shift | middle >> back)
    }

    @inline(__always)
    static func & (lhs: Line, rhs: Line) -> Line {
        Line(lhs.low & rhs.low, lhs.middle & rhs.middle, lhs.high & rhs.high)
    }
    @inline(__always)
    static func ^ (lhs: Line, rhs: Line) -> Line {
        Line(lhs.low ^ rhs.low, lhs.middle ^ rhs.middle, lhs.high ^ rhs.high)
    }
    @inline(__always)
    static func | (lhs: Line, rhs: Line) -> Line {
        Line(lhs.low | rhs.low, lhs.middle | rhs.middle, lhs.high | rhs.high)
    }
    @inline(__always)
    static prefix func ~ (line: Line) -> Line { Line(~line.low, ~line.middle, ~line.high) }
}
