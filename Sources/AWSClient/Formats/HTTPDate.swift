import Foundation

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

    /// Parses ISO 8601 with or without fractional seconds (`2026-11-23T10:00:00Z`, `…00.123Z`, `+00:00`).
    public static func parseISO8601(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: trimmed) { return date }
        // `2026-11-23 10:00:00+00:00` (Python's str(datetime)) appears in some credential_process outputs.
        return plain.date(from: trimmed.replacingOccurrences(of: " ", with: "T"))
    }

    /// `2026-11-23T10:00:00Z`.
    public static func iso8601(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
