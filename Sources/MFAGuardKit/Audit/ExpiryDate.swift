import Foundation

/// The `expires` of an exemption, read strictly: `YYYY-MM-DD` (valid through that day, UTC) or an
/// ISO 8601 date-time (`2027-02-28T18:00:00Z`, `…+02:00`, fractional seconds allowed). An impossible
/// date such as `2027-02-30` is refused, where a lenient formatter would roll it over into March.
enum ExpiryDate {
    /// The moment the exemption stops applying; nil when `text` is not such a date.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let (year, month, day) = calendarDay(bytes[0..<10]) else { return nil }
        let midnight = Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        if bytes.count == 10 { return Date(timeIntervalSince1970: midnight + 86_400) }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let seconds = timeOfDay(bytes[11...])
        else { return nil }
        return Date(timeIntervalSince1970: midnight + seconds)
    }

    /// `YYYY-MM-DD` with a real month and a day that month has (leap years included).
    private static func calendarDay(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let text = Array(bytes)
        guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
            let year = number(text[0..<4]), let month = number(text[5..<7]), let day = number(text[8..<10]),
            (1970...9999).contains(year), (1...12).contains(month)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        return (year, month, day)
    }

    /// `HH:MM:SS[.fraction](Z|±HH:MM)` as seconds after midnight UTC (may be negative or past a day).
    private static func timeOfDay(_ bytes: ArraySlice<UInt8>) -> Double? {
        let text = Array(bytes)
        guard text.count >= 9, text[2] == UInt8(ascii: ":"), text[5] == UInt8(ascii: ":"),
            let hour = number(text[0..<2]), let minute = number(text[3..<5]), let second = number(text[6..<8]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 8
        var fraction = 0.0
        if text[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) { index += 1 }
            guard index > start, index - start <= 9 else { return nil }
            fraction =
                Double(String(decoding: text[start..<index], as: UTF8.self)).map { $0 / pow(10, Double(index - start)) }
                ?? 0
        }
        let zone = Array(text[index...])
        var offset = 0
        if zone == [UInt8(ascii: "Z")] || zone == [UInt8(ascii: "z")] {
            offset = 0
        } else if zone.count == 6, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"),
            zone[3] == UInt8(ascii: ":"), let hours = number(zone[1..<3]), let minutes = number(zone[4..<6]),
            hours < 24, minutes < 60
        {
            offset = (hours * 3600 + minutes * 60) * (zone[0] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        return Double(hour * 3600 + minute * 60 + second - offset) + fraction
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
