/// The two forms of the signing time: `20150830T123600Z` and `20150830`, always UTC.
public struct AmzDate: Sendable, Equatable {
    /// `20150830T123600Z`: the `X-Amz-Date` header and the string to sign.
    public let full: String
    /// `20150830`: the credential scope's date.
    public let day: String

    /// The signing time `secondsSince1970` seconds after 1970-01-01 00:00:00 UTC (a Unix time, leap
    /// seconds not counted). Whole seconds: SigV4 has no finer unit. A plain number rather than a
    /// Foundation `Date`, so that signing needs no Foundation (`AWSClient` converts its `Date`).
    public init(secondsSince1970 seconds: Int) {
        let (days, secondOfDay) = Self.floorDivision(seconds, 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        day = pad(civil.year, 4) + pad(civil.month, 2) + pad(civil.day, 2)
        full = day + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2) + pad(secondOfDay % 60, 2) + "Z"
    }

    /// Quotient and remainder rounded towards minus infinity, so a time before 1970 falls on the
    /// right day with a second of the day in `0..<86400`.
    private static func floorDivision(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}

/// Proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`),
/// so signing needs no `DateFormatter` or calendar.
struct CivilDate {
    let year: Int
    let month: Int
    let day: Int

    init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
}
