/// The checksums PNG and zlib need.
public enum Checksum {
    /// CRC-32 as in ISO 3309 / ITU-T V.42, polynomial 0xEDB88320 reflected (PNG §5.5, zlib's `crc32`).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Adler-32 (RFC 1950 §8.2, zlib's `adler32`).
    public static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        // 5552 is the largest run for which b cannot overflow 32 bits before the modulo (RFC 1950 §9).
        while index < bytes.count {
            let end = min(index + 5552, bytes.count)
            for byte in bytes[index..<end] {
                a &+= UInt32(byte)
                b &+= a
            }
            a %= 65_521
            b %= 65_521
            index = end
        }
        return b << 16 | a
    }

    /// Adler-32 of a run-length byte sequence, a run of n bytes v at once:
    /// a += n·v, b += n·a + v·n(n+1)/2 (all modulo 65521).
    static func adler32(_ runs: ByteRuns) -> UInt32 {
        let modulus: UInt64 = 65_521
        var a: UInt64 = 1
        var b: UInt64 = 0
        for (value, count) in zip(runs.values, runs.counts) {
            let n = UInt64(count) % modulus
            let v = UInt64(value)
            let triangle = UInt64(count) % (2 * modulus) * (UInt64(count + 1) % (2 * modulus)) / 2 % modulus
            b = (b + n * a + v * triangle) % modulus
            a = (a + n * v) % modulus
        }
        return UInt32(b << 16 | a)
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }
}
