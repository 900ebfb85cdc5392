/// A compiled `*`/`?` pattern, matched over UTF-8 bytes: `*` matches any run of characters (also
/// none), `?` exactly one character. Exact and prefix patterns take a fast path.
public struct WildcardPattern: Sendable, Hashable {
    /// The elements of a pattern are bytes (0...255) to match literally and these two: `?` and `*`.
    static let one: Int16 = -1
    static let many: Int16 = -2

    enum Form: UInt8, Sendable, Hashable {
        case anything
        case exact
        case prefix
        case general
    }

    let form: Form
    /// Literal bytes of an exact or prefix pattern.
    let bytes: [UInt8]
    /// Elements of a general pattern.
    let elements: [Int16]
    /// The source text, as written in the policy.
    public let text: String

    /// Compiles `pattern`; with `caseInsensitive`, the pattern is lowercased and subjects must be too.
    public init(_ pattern: String, caseInsensitive: Bool = false) {
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
        self.init(elements: elements, text: pattern)
    }

    /// A pattern from elements built elsewhere (policy variables substituted as literals).
    init(elements: [Int16], text: String = "") {
        self.text = text
        if elements == [Self.many] {
            form = .anything
            bytes = []
            self.elements = []
        } else if !elements.contains(where: { $0 < 0 }) {
            form = .exact
            bytes = elements.map { UInt8($0) }
            self.elements = []
        } else if elements.last == Self.many && !elements.dropLast().contains(where: { $0 < 0 }) {
            form = .prefix
            bytes = elements.dropLast().map { UInt8($0) }
            self.elements = []
        } else {
            form = .general
            bytes = []
            self.elements = elements
        }
    }

    /// Whether the whole of `subject` matches.
    public func matches(_ subject: String) -> Bool {
        var copy = subject
        return copy.withUTF8 { matches($0) }
    }

    /// Whether the whole of `subject` (UTF-8) matches.
    @inline(__always)
    func matches(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        switch form {
        case .anything:
            return true
        case .exact:
            guard bytes.count == subject.count else { return false }
            return bytes.withUnsafeBufferPointer { Self.samePrefix($0, subject) }
        case .prefix:
            guard bytes.count <= subject.count else { return false }
            return bytes.withUnsafeBufferPointer { Self.samePrefix($0, subject) }
        case .general:
            return elements.withUnsafeBufferPointer { Self.glob($0, subject) }
        }
    }

    @inline(__always)
    private static func samePrefix(_ p: UnsafeBufferPointer<UInt8>, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < p.count {
            if p[i] != s[i] { return false }
            i += 1
        }
        return true
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
