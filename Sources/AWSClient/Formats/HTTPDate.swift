import Foundation
import JSON

/// Dates as AWS writes them: HTTP `Date` headers (RFC 7231) and ISO 8601 timestamps in responses.
public enum HTTPDate {
    /// Parses an RFC 7231 IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// Parses ISO 8601 with or without fractional seconds (`2026-11-23T10:00:00Z`, `…00.123Z`, `+00:00`,
    /// and `2026-11-23 10:00:00+00:00` as Python's `str(datetime)` writes it): `JSON.ISO8601.parse`.
    public static func parseISO8601(_ text: String) -> Date? {
        ISO8601.parse(text.trimmingCharacters(in: .whitespaces)).map(Date.init(timeIntervalSince1970:))
    }

    /// `2026-11-23T10:00:00Z`: `JSON.ISO8601.format`.
    public static func iso8601(_ date: Date) -> String {
        ISO8601.format(secondsSince1970: date.timeIntervalSince1970)
    }
}
