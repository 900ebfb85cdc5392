/// How bad a finding is; ordered so that `--fail-on high` means "high or critical".
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    /// Orders by rank: low < medium < high < critical.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
