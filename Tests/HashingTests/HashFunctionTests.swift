import Foundation
import Hashing
import TestSupport
import Testing

/// SHA-1/SHA-256/SHA-512 and HMAC against published vectors and against Python's hashlib and hmac
/// (OpenSSL underneath), an independent implementation, on seeded random keys and messages.
struct HashFunctionTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let algorithm: HashFunction
        let message: String
        let repeats: Int
        let digest: String
        var testDescription: String { "\(algorithm.rawValue) of \(message.prefix(12))… ×\(repeats)" }
    }

    static let twoBlocks448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let twoBlocks896 =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

    /// FIPS 180-2 Appendix A–C examples (the empty message from NIST's byte-oriented test vectors).
    static let vectors: [Vector] = [
        Vector(algorithm: .sha1, message: "", repeats: 1, digest: "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        Vector(algorithm: .sha1, message: "abc", repeats: 1, digest: "a9993e364706816aba3e25717850c26c9cd0d89d"),
        Vector(algorithm: .sha1, message: twoBlocks448, repeats: 1, digest: "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        Vector(algorithm: .sha1, message: "a", repeats: 1_000_000, digest: "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        Vector(
            algorithm: .sha256, message: "", repeats: 1,
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            algorithm: .sha256, message: "abc", repeats: 1,
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(
            algorithm: .sha256, message: twoBlocks448, repeats: 1,
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(
            algorithm: .sha256, message: "a", repeats: 1_000_000,
            digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        Vector(
            algorithm: .sha512, message: "", repeats: 1,
            digest: "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
        Vector(
            algorithm: .sha512, message: "abc", repeats: 1,
            digest: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        Vector(
            algorithm: .sha512, message: twoBlocks896, repeats: 1,
            digest: "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
        Vector(
            algorithm: .sha512, message: "a", repeats: 1_000_000,
            digest: "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"),
    ]

    @Test(arguments: vectors)
    func digestMatchesFIPSExample(_ vector: Vector) {
        let message = Array(String(repeating: vector.message, count: vector.repeats).utf8)
        #expect(HashFunction.hex(vector.algorithm.digest(message)) == vector.digest)
    }

    /// RFC 2202 §3 test case 1 and RFC 4231 §4.2 (case 1) and §4.7 (case 6: a key longer than a block).
    @Test func hmacMatchesRFCVectors() {
        let hiThere = Array("Hi There".utf8)
        let shortKey = [UInt8](repeating: 0x0B, count: 20)
        #expect(
            HashFunction.hex(HashFunction.sha1.hmac(key: shortKey, message: hiThere))
                == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(
            HashFunction.hex(HashFunction.sha256.hmac(key: shortKey, message: hiThere))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            HashFunction.hex(HashFunction.sha512.hmac(key: shortKey, message: hiThere))
                == "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")
        let longKey = [UInt8](repeating: 0xAA, count: 131)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(
            HashFunction.hex(HashFunction.sha256.hmac(key: longKey, message: message))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(
            HashFunction.hex(HashFunction.sha512.hmac(key: longKey, message: message))
                == "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598")
    }

    /// Seeded random keys (0 to 300 bytes: shorter, equal to and longer than a block) and messages
    /// (every length up to 260, around each padding boundary, then up to 2,000 bytes) give Python's
    /// digests and HMACs, for all three hashes.
    @Test(arguments: [1, 2, 3]) func digestsAndHMACsMatchPythonOnRandomInputs(seed: UInt64) throws {
        var generator = SeededRandom(seed: seed)
        var lines: [String] = []
        var ours: [String] = []
        for round in 0..<200 {
            let key = generator.bytes(Int.random(in: 0...300, using: &generator))
            let message = generator.bytes(
                round < 130 ? round + Int(seed - 1) * 130 : Int.random(in: 0...2_000, using: &generator))
            lines.append("\(HashFunction.hex(key)) \(HashFunction.hex(message))")
            for function in HashFunction.allCases {
                ours.append(HashFunction.hex(function.digest(message)))
                ours.append(HashFunction.hex(function.hmac(key: key, message: message)))
            }
        }
        let python = try ChildProcess.python(
            """
            import hashlib, hmac, sys
            for line in sys.stdin:
                key, message = (bytes.fromhex(part) for part in line.split(" "))
                for name in ("sha1", "sha256", "sha512"):
                    print(hashlib.new(name, message).hexdigest())
                    print(hmac.new(key, message, name).hexdigest())
            """, stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(python.status == 0, "\(python.stderr)")
        let theirs = python.stdout.split(separator: "\n").map(String.init)
        #expect(theirs.count == ours.count)
        let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(first == nil, "first difference at output \(first?.offset ?? -1)")
    }
}
