/// Session lengths as people type them (`8h`, `90m`, `1h30m`, `3600`) and the limits STS sets for each call.
public enum SessionDuration {
    /// `GetSessionToken` for an IAM user: 15 minutes to 36 hours, 12 hours when not given.
    /// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
    public static let sessionTokenRange = 900...129_600
    /// `AssumeRole` with long-term credentials: 15 minutes to 12 hours (and at most the role's
    /// `MaxSessionDuration`, which STS enforces), 1 hour when not given.
    /// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    public static let assumeRoleRange = 900...43_200
    /// Role chaining (AssumeRole with temporary credentials) is capped at one hour.
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
    public static let chainedRoleMaximum = 3600

    /// Seconds in `text`: a plain number of seconds, or number-unit pairs with units `h`, `m`, `s`
    /// (`8h`, `90m`, `1h30m`, `45s`). Throws for anything else, and for zero.
    public static func parse(_ text: String) throws(SessionError) -> Int {
        // `CharacterSet.whitespaces` (space separators and tab), without Foundation's NSString bridge.
        let isBlank = { (scalar: Unicode.Scalar) in
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        let scalars = text.unicodeScalars
        let start = scalars.firstIndex { !isBlank($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isBlank($0) }.map { scalars.index(after: $0) } ?? start
        let trimmed = String(String.UnicodeScalarView(scalars[start..<max(start, end)])).lowercased()
        guard !trimmed.isEmpty else { throw .invalidDuration(text) }
        if trimmed.allSatisfy(\.isASCIIDigit) {
            guard let seconds = Int(trimmed), seconds > 0 else { throw .invalidDuration(text) }
            return seconds
        }
        var total = 0
        var digits = ""
        var seenUnits: Set<Character> = []
        for character in trimmed {
            if character.isASCIIDigit {
                digits.append(character)
                continue
            }
            let multiplier: Int
            switch character {
            case "h": multiplier = 3600
            case "m": multiplier = 60
            case "s": multiplier = 1
            default: throw .invalidDuration(text)
            }
            guard let value = Int(digits), !seenUnits.contains(character) else { throw .invalidDuration(text) }
            let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
            guard !overflow, total <= Int.max - product else { throw .invalidDuration(text) }
            seenUnits.insert(character)
            total += product
            digits = ""
        }
        guard digits.isEmpty, total > 0 else { throw .invalidDuration(text) }
        return total
    }

    /// `12h`, `1h30m`, `15m`, `45s`: the shortest exact rendering.
    public static func format(_ seconds: Int) -> String {
        let hours = seconds / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
