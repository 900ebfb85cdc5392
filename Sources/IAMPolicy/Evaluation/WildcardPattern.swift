/// A compiled `*`/`?` pattern, matched over UTF-8 bytes: `*` matches any run of characters (also
/// none), `?` exactly one character. Exact and prefix patterns take a fast path.
public struct WildcardPattern: Sendable, Hashable {
    /// One element of a pattern: a byte to match literally, `?` or `*`.
    static let one: Int16 = -1
    static let many: Int16 = -2

    enum Form: Sendable, Hashable {
        case anything
        case exact([UInt8])
        case prefix([UInt8])
        case general([Int16])
    }

    let form: Form
    /// The source text, as written in the policy.
    public let text: String

    /// Compiles `pattern`; with `caseInsensitive`, the pattern is lowercased and subjects must be too.
    public init(_ pattern: String, caseInsensitive: Bool = false) {
        text = pattern
        let source = caseInsensitive ? pattern.lowercased() : pattern
        var elements: [Int16] = []
        elements.reserveCapacity(source.utf8.count)
        for byte in source.utf8 {
            switch byte {
            case UInt8(ascii: "*"):
                if elements.last != Self.many { elements.append(Self.many) }
            case UInt8(ascii: "?"): elements.append(Self.one)
            default: elements.append(Int16(byte))
            }
        }
        form = Self.form(of: elements)
    }

    /// A pattern from elements built elsewhere (policy variables substituted as literals).
    init(elements: [Int16]) {
        text = ""
        form = Self.form(of: elements)
    }

    private static func form(of elements: [Int16]) -> Form {
        if elements == [many] { return .anything }
        if !elements.contains(where: { $0 < 0 }) { return .exact(elements.map { UInt8($0) }) }
        if elements.last == many && !elements.dropLast().contains(where: { $0 < 0 }) {
            return .prefix(elements.dropLast().map { UInt8($0) })
        }
        return .general(elements)
    }

    /// Whether the whole of `subject` matches.
    public func matches(_ subject: String) -> Bool {
        var copy = subject
        return copy.withUTF8 { matches($0) }
    }

    /// Whether the whole of `subject` (UTF-8) matches.
    func matches(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        switch form {
        case .anything:
            return true
        case .exact(let bytes):
            guard bytes.count == subject.count else { return false }
            return bytes.withUnsafeBufferPointer { p in
                var i = 0
                while i < p.count {
                    if p[i] != subject[i] { return false }
                    i += 1
                }
                return true
            }
        case .prefix(let bytes):
            guard bytes.count <= subject.count else { return false }
            return bytes.withUnsafeBufferPointer { p in
                var i = 0
                while i < p.count {
                    if p[i] != subject[i] { return false }
                    i += 1
                }
                return true
            }
        case .general(let elements):
            return elements.withUnsafeBufferPointer { Self.glob($0, subject) }
        }
    }

    /// Iterative glob with single-star backtracking; `?` and `*` advance by whole UTF-8 characters.
    static func glob(_ p: UnsafeBufferPointer<Int16>, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var pi = 0
        var si = 0
        var starP = -1
        var starS = 0
        while si < s.count {
            if pi < p.count {
                let c = p[pi]
                if c == many {
                    starP = pi
                    starS = si
                    pi += 1
                    continue
                }
                if c == one {
                    si += scalarLength(s, si)
                    pi += 1
                    continue
                }
                if UInt8(truncatingIfNeeded: c) == s[si] {
                    pi += 1
                    si += 1
                    continue
                }
            }
            if starP >= 0 {
                pi = starP + 1
                starS += scalarLength(s, starS)
                si = starS
                continue
            }
            return false
        }
        while pi < p.count && p[pi] == many { pi += 1 }
        return pi == p.count
    }

    private static func scalarLength(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i + 1
        while j < s.count && s[j] & 0xC0 == 0x80 { j += 1 }
        return j - i
    }
}
