/// Reed–Solomon error correction codewords over GF(2⁸) with the QR polynomial x⁸+x⁴+x³+x²+1 (0x11D),
/// generator roots α⁰…α^(n−1) (ISO/IEC 18004 §7.5.2 and Annex A).
struct ReedSolomon: Sendable {
    /// Coefficients of the monic generator polynomial of degree `degree`, highest first, leading 1 dropped.
    private let generator: [UInt8]

    init(degree: Int) {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        // Multiply (x − α⁰)(x − α¹)… one factor at a time.
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = Self.multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = Self.multiply(root, 0x02)
        }
        generator = coefficients
    }

    /// The remainder of `data`·x^degree divided by the generator: the error correction codewords.
    func remainder(of data: ArraySlice<UInt8>) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            if factor != 0 {
                for index in 0..<result.count { result[index] ^= Self.multiply(generator[index], factor) }
            }
        }
        return result
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
}
