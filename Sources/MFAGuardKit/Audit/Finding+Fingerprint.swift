import IAMPolicy

extension Finding {
    /// The account the finding is in: the account field of `resource` when it is an ARN, else "".
    public var account: String { ARN(resource)?.account ?? "" }

    /// A stable identity of the finding across runs: the same rule, resource (whose ARN names the account)
    /// and inline policy give the same fingerprint whatever the title, detail, severity or exemption say.
    /// SARIF's `partialFingerprints`, `audit --baseline` and `serve`'s history all use it to tell new,
    /// still-open and resolved findings apart. 32 lowercase hex digits.
    public var fingerprint: String { Finding.fingerprint(rule: rule, resource: resource, policy: policy) }

    /// The fingerprint of a finding of `rule` on `resource` (and the inline policy `policy`).
    public static func fingerprint(rule: String, resource: String, policy: String? = nil) -> String {
        // FNV-1a, 64 bits, twice with different offsets for 128 bits: enough to tell findings apart, and
        // no dependency on a crypto library for a non-secret identity. Two inline policies of one owner
        // share the resource, so the policy name is part of the identity (absent: as before, so the
        // fingerprints of other findings stay what earlier versions wrote).
        let bytes = Array(("\(rule)\u{0}\(resource)" + (policy.map { "\u{0}\($0)" } ?? "")).utf8)
        func fnv(_ basis: UInt64) -> UInt64 {
            var hash = basis
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01B3
            }
            return hash
        }
        func hex16(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex16(fnv(0xCBF2_9CE4_8422_2325)) + hex16(fnv(0x6C62_272E_07BB_0142))
    }
}
