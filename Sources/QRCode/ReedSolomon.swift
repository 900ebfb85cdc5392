/// Reed–Solomon error correction codewords over GF(2⁸) with the QR polynomial x⁸+x⁴+x³+x²+1 (0x11D),
/// generator roots α⁰…α^(n−1) (ISO/IEC 18004 §7.5.2 and Annex A).
struct ReedSolomon: Sendable {
    /// Logarithms of the generator's coefficients, highest degree first, the leading 1 dropped.
    private let generatorLogs: [Int]

    init(degree: Int) {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        let (exp, log) = Self.tables
        // Multiply (x − α⁰)(x − α¹)… one factor at a time; multiplying by α^i adds i to the logarithm.
        for power in 0..<degree {
            for index in 0..<degree {
                let coefficient = coefficients[index]
                coefficients[index] = coefficient == 0 ? 0 : exp[Int(log[Int(coefficient)]) + power]
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
        }
        generatorLogs = coefficients.map { Int(log[Int($0)]) }
    }

    /// The remainder of `data`·x^degree divided by the generator: the error correction codewords.
    func remainder(of data: ArraySlice<UInt8>) -> [UInt8] {
        let degree = generatorLogs.count
        // A ring buffer: `start` is the position of the highest-degree coefficient.
        var result = [UInt8](repeating: 0, count: degree)
        var start = 0
        let exp = Self.tables.exp
        let log = Self.tables.log
        for byte in data {
            let factor = byte ^ result[start]
            result[start] = 0
            start = start + 1 == degree ? 0 : start + 1
            guard factor != 0 else { continue }
            let factorLog = Int(log[Int(factor)])
            var position = start
            for index in 0..<degree {
                result[position] ^= exp[generatorLogs[index] + factorLog]
                position = position + 1 == degree ? 0 : position + 1
            }
        }
        return Array(result[start...] + result[..<start])
    }

    /// Multiplication in GF(2⁸) modulo 0x11D (Russian peasant method).
    static func multiply(_ lhs: UInt8, _ rhs: UInt8) -> UInt8 {
        var product: UInt16 = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            if (rhs >> UInt8(bit)) & 1 == 1 { product ^= UInt16(lhs) }
        }
        return UInt8(truncatingIfNeeded: product)
    }

    /// α^i for i in 0..<510 (doubled so sums of two logarithms need no modulo) and log_α of 1...255.
    private static let tables: (exp: [UInt8], log: [UInt8]) = {
        var exp = [UInt8](repeating: 0, count: 510)
        var log = [UInt8](repeating: 0, count: 256)
        var value: UInt8 = 1
        for power in 0..<255 {
            exp[power] = value
            exp[power + 255] = value
            log[Int(value)] = UInt8(power)
            value = multiply(value, 0x02)
        }
        return (exp, log)
    }()
}
