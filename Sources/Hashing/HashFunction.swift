/// SHA-1, SHA-256 and SHA-512 (FIPS 180-4) and HMAC (RFC 2104): the one hashing code of mfaguard, for
/// one-time passwords, AWS Signature Version 4, the session cache's file names and the SSO token
/// cache's (SHA-1, as the AWS CLI names them).
///
/// Why not swift-crypto (docs/ARCHITECTURE.md, "One crypto"): mfaguard needs three hash functions and
/// HMAC, not ciphers; BoringSSL was about 360 of 615 compile steps of a clean build; swift-crypto 3
/// imports Foundation and 4 FoundationEssentials, which `mfaguard totp` and `mfaguard qr` (a small
/// static executable without Foundation) must not. Branch-free on the data; checked against the FIPS
/// and RFC vectors, Python's hashlib and hmac on random inputs, `oathtool` and the SigV4 test suite.
public enum HashFunction: String, Sendable, CaseIterable {
    case sha1, sha256, sha512

    /// The size of the blocks the function works on, in bytes (HMAC pads its key to it).
    public var blockSize: Int { self == .sha512 ? 128 : 64 }

    /// The digest of `message`.
    public func digest(_ message: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: Self.sha1(message)
        case .sha256:
            Self.sha2(message, initial: Self.sha256Initial, constants: Self.sha256Constants, rotations: .sha256)
        case .sha512:
            Self.sha2(message, initial: Self.sha512Initial, constants: Self.sha512Constants, rotations: .sha512)
        }
    }

    /// HMAC of `message` under `key` (RFC 2104).
    public func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var key = key.count > blockSize ? digest(key) : key
        key += [UInt8](repeating: 0, count: blockSize - key.count)
        let inner = digest(key.map { $0 ^ 0x36 } + message)
        return digest(key.map { $0 ^ 0x5C } + inner)
    }

    /// Lower-case hexadecimal, as SigV4 and the cache's file names write digests.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `message` padded to whole blocks (FIPS 180-4 §5.1): 0x80, zeros, then the bit length
    /// big-endian in the last `lengthBytes` bytes.
    private static func padded(_ message: [UInt8], blockSize: Int, lengthBytes: Int) -> [UInt8] {
        var data = message
        let total = (message.count + 1 + lengthBytes + blockSize - 1) / blockSize * blockSize
        data.reserveCapacity(total)
        data.append(0x80)
        data += [UInt8](repeating: 0, count: total - data.count - 8)
        let bits = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            data.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        return data
    }

    private static func bigEndianBytes<Word: FixedWidthInteger>(_ words: [Word]) -> [UInt8] {
        words.flatMap { word in
            stride(from: Word.bitWidth - 8, through: 0, by: -8).map { UInt8(truncatingIfNeeded: word >> $0) }
        }
    }

    @inline(__always)
    private static func word<Word: FixedWidthInteger>(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Word {
        var value: Word = 0
        for index in 0..<(Word.bitWidth / 8) { value = value << 8 | Word(bytes[offset + index]) }
        return value
    }

    // MARK: SHA-1 (FIPS 180-4 §6.1)

    private static func sha1(_ message: [UInt8]) -> [UInt8] {
        let data = padded(message, blockSize: 64, lengthBytes: 8)
        // Everything the loop changes is local to the closure: a captured `var` would live in a box.
        let state = data.withUnsafeBufferPointer { bytes -> [UInt32] in
            var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
            var schedule = [UInt32](repeating: 0, count: 80)
            for block in stride(from: 0, to: bytes.count, by: 64) {
                for t in 0..<16 { schedule[t] = word(bytes, at: block + 4 * t) }
                for t in 16..<80 {
                    schedule[t] = rotl(schedule[t - 3] ^ schedule[t - 8] ^ schedule[t - 14] ^ schedule[t - 16], 1)
                }
                var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
                for t in 0..<80 {
                    let (f, k): (UInt32, UInt32) =
                        switch t {
                        case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                        case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                        case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                        default: (b ^ c ^ d, 0xCA62_C1D6)
                        }
                    let temporary = rotl(a, 5) &+ f &+ e &+ k &+ schedule[t]
                    (e, d, c, b, a) = (d, c, rotl(b, 30), a, temporary)
                }
                state[0] &+= a
                state[1] &+= b
                state[2] &+= c
                state[3] &+= d
                state[4] &+= e
            }
            return state
        }
        return bigEndianBytes(state)
    }

    // MARK: SHA-256 and SHA-512 (FIPS 180-4 §6.2, §6.4): one algorithm over 32- or 64-bit words

    /// The rotation and shift amounts of the σ and Σ functions (FIPS 180-4 §4.1.2, §4.1.3).
    private struct SHA2Rotations {
        var smallSigma0: (Int, Int, Int)
        var smallSigma1: (Int, Int, Int)
        var bigSigma0: (Int, Int, Int)
        var bigSigma1: (Int, Int, Int)

        static let sha256 = SHA2Rotations(
            smallSigma0: (7, 18, 3), smallSigma1: (17, 19, 10), bigSigma0: (2, 13, 22), bigSigma1: (6, 11, 25))
        static let sha512 = SHA2Rotations(
            smallSigma0: (1, 8, 7), smallSigma1: (19, 61, 6), bigSigma0: (28, 34, 39), bigSigma1: (14, 18, 41))
    }

    private static let sha256Initial: [UInt32] = [
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19,
    ]

    private static let sha512Initial: [UInt64] = [
        0x6A09_E667_F3BC_C908, 0xBB67_AE85_84CA_A73B, 0x3C6E_F372_FE94_F82B, 0xA54F_F53A_5F1D_36F1,
        0x510E_527F_ADE6_82D1, 0x9B05_688C_2B3E_6C1F, 0x1F83_D9AB_FB41_BD6B, 0x5BE0_CD19_137E_2179,
    ]

    private static func sha2<Word: FixedWidthInteger & UnsignedInteger>(
        _ message: [UInt8], initial: [Word], constants: [Word], rotations: SHA2Rotations
    ) -> [UInt8] {
        let wordBytes = Word.bitWidth / 8
        let blockSize = 16 * wordBytes
        @inline(__always) func rotr(_ value: Word, _ count: Int) -> Word {
            value >> count | value << (Word.bitWidth - count)
        }
        @inline(__always) func sigma(_ value: Word, _ amounts: (Int, Int, Int), shiftLast: Bool) -> Word {
            rotr(value, amounts.0) ^ rotr(value, amounts.1) ^ (shiftLast ? value >> amounts.2 : rotr(value, amounts.2))
        }
        let data = padded(message, blockSize: blockSize, lengthBytes: 2 * wordBytes)
        let state = data.withUnsafeBufferPointer { bytes -> [Word] in
            var state = initial
            var schedule = [Word](repeating: 0, count: constants.count)
            for block in stride(from: 0, to: bytes.count, by: blockSize) {
                for t in 0..<16 { schedule[t] = word(bytes, at: block + wordBytes * t) }
                for t in 16..<constants.count {
                    let s0 = sigma(schedule[t - 15], rotations.smallSigma0, shiftLast: true)
                    let s1 = sigma(schedule[t - 2], rotations.smallSigma1, shiftLast: true)
                    schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
                }
                var (a, b, c, d) = (state[0], state[1], state[2], state[3])
                var (e, f, g, h) = (state[4], state[5], state[6], state[7])
                for t in 0..<constants.count {
                    let s1 = sigma(e, rotations.bigSigma1, shiftLast: false)
                    let choice = (e & f) ^ (~e & g)
                    let temporary1 = h &+ s1 &+ choice &+ constants[t] &+ schedule[t]
                    let s0 = sigma(a, rotations.bigSigma0, shiftLast: false)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    (h, g, f, e) = (g, f, e, d &+ temporary1)
                    (d, c, b, a) = (c, b, a, temporary1 &+ s0 &+ majority)
                }
                state[0] &+= a
                state[1] &+= b
                state[2] &+= c
                state[3] &+= d
                state[4] &+= e
                state[5] &+= f
                state[6] &+= g
                state[7] &+= h
            }
            return state
        }
        return bigEndianBytes(state)
    }

    private static func rotl(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }

    /// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let sha256Constants: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    /// FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the cube roots of the first 80 primes.
    private static let sha512Constants: [UInt64] = [
        0x428A_2F98_D728_AE22, 0x7137_4491_23EF_65CD, 0xB5C0_FBCF_EC4D_3B2F, 0xE9B5_DBA5_8189_DBBC,
        0x3956_C25B_F348_B538, 0x59F1_11F1_B605_D019, 0x923F_82A4_AF19_4F9B, 0xAB1C_5ED5_DA6D_8118,
        0xD807_AA98_A303_0242, 0x1283_5B01_4570_6FBE, 0x2431_85BE_4EE4_B28C, 0x550C_7DC3_D5FF_B4E2,
        0x72BE_5D74_F27B_896F, 0x80DE_B1FE_3B16_96B1, 0x9BDC_06A7_25C7_1235, 0xC19B_F174_CF69_2694,
        0xE49B_69C1_9EF1_4AD2, 0xEFBE_4786_384F_25E3, 0x0FC1_9DC6_8B8C_D5B5, 0x240C_A1CC_77AC_9C65,
        0x2DE9_2C6F_592B_0275, 0x4A74_84AA_6EA6_E483, 0x5CB0_A9DC_BD41_FBD4, 0x76F9_88DA_8311_53B5,
        0x983E_5152_EE66_DFAB, 0xA831_C66D_2DB4_3210, 0xB003_27C8_98FB_213F, 0xBF59_7FC7_BEEF_0EE4,
        0xC6E0_0BF3_3DA8_8FC2, 0xD5A7_9147_930A_A725, 0x06CA_6351_E003_826F, 0x1429_2967_0A0E_6E70,
        0x27B7_0A85_46D2_2FFC, 0x2E1B_2138_5C26_C926, 0x4D2C_6DFC_5AC4_2AED, 0x5338_0D13_9D95_B3DF,
        0x650A_7354_8BAF_63DE, 0x766A_0ABB_3C77_B2A8, 0x81C2_C92E_47ED_AEE6, 0x9272_2C85_1482_353B,
        0xA2BF_E8A1_4CF1_0364, 0xA81A_664B_BC42_3001, 0xC24B_8B70_D0F8_9791, 0xC76C_51A3_0654_BE30,
        0xD192_E819_D6EF_5218, 0xD699_0624_5565_A910, 0xF40E_3585_5771_202A, 0x106A_A070_32BB_D1B8,
        0x19A4_C116_B8D2_D0C8, 0x1E37_6C08_5141_AB53, 0x2748_774C_DF8E_EB99, 0x34B0_BCB5_E19B_48A8,
        0x391C_0CB3_C5C9_5A63, 0x4ED8_AA4A_E341_8ACB, 0x5B9C_CA4F_7763_E373, 0x682E_6FF3_D6B2_B8A3,
        0x748F_82EE_5DEF_B2FC, 0x78A5_636F_4317_2F60, 0x84C8_7814_A1F0_AB72, 0x8CC7_0208_1A64_39EC,
        0x90BE_FFFA_2363_1E28, 0xA450_6CEB_DE82_BDE9, 0xBEF9_A3F7_B2C6_7915, 0xC671_78F2_E372_532B,
        0xCA27_3ECE_EA26_619C, 0xD186_B8C7_21C0_C207, 0xEADA_7DD6_CDE0_EB1E, 0xF57D_4F7F_EE6E_D178,
        0x06F0_67AA_7217_6FBA, 0x0A63_7DC5_A2C8_98A6, 0x113F_9804_BEF9_0DAE, 0x1B71_0B35_131C_471B,
        0x28DB_77F5_2304_7D84, 0x32CA_AB7B_40C7_2493, 0x3C9E_BE0A_15C9_BEBC, 0x431D_67C4_9C10_0D4C,
        0x4CC5_D4BE_CB3E_42B6, 0x597F_299C_FC65_7E2A, 0x5FCB_6FAB_3AD6_FAEC, 0x6C44_198C_4A47_5817,
    ]
}
