/// mfaguard's one ISO 8601 formatter and parser, for the timestamps of its JSON documents and of AWS's
/// answers, and for IAM's `Date*` condition values. Pure arithmetic on the proleptic Gregorian
/// calendar in UTC (no time zone database: Foundation's `ISO8601DateFormatter` loads ICU's, which costs
/// a warm `credential-process` about 3 ms). Times are seconds since 1970-01-01T00:00:00Z.
public enum ISO8601 {
    /// `2026-11-23T10:00:00Z`: whole seconds (a fraction is dropped, towards the past), UTC. Times
    /// before year 0001 or after 9999 are clamped to its first or last second, so the year always has
    /// four digits.
    public static func format(secondsSince1970 time: Double) -> String {
        let clamped = time.isNaN ? 0 : min(max(time.rounded(.down), -62_135_596_800), 253_402_300_799)
        let seconds = Int(clamped)
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// Parses `YYYY-MM-DD` followed by `T` (or a space, as Python's `str(datetime)` writes it), `hh:mm`,
    /// optional `:ss` with an optional fraction of any number of digits (AWS writes none or three;
    /// Python's `isoformat()` six), and a zone: `Z`/`z`, `±hh:mm`, `±hhmm`, or none (UTC). A date alone
    /// (`2020-01-01`, midnight UTC) is accepted only when `requiringTime` is false, as IAM's `Date*`
    /// conditions do. `nil` for anything else, including out-of-range fields (month 13, hour 24).
    public static func parse(_ text: some StringProtocol, requiringTime: Bool = true) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
            let day = digits(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(days(fromCivil: year, month, day)) * 86_400
        if i == b.count { return requiringTime ? nil : seconds }
        guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")), let hour = digits(2),
            expect(UInt8(ascii: ":")), let minute = digits(2), hour < 24, minute < 60
        else { return nil }
        var second = 0.0
        if expect(UInt8(ascii: ":")) {
            guard let s = digits(2), s < 61 else { return nil }
            second = Double(s)
            if expect(UInt8(ascii: ".")) {
                var scale = 0.1
                var any = false
                while i < b.count, b[i] >= 48 && b[i] <= 57 {
                    second += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        seconds += Double(hour * 3600 + minute * 60) + second
        if i == b.count || expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            return i == b.count ? seconds : nil
        }
        let sign: Double
        if expect(UInt8(ascii: "+")) {
            sign = 1
        } else if expect(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let oh = digits(2) else { return nil }
        _ = expect(UInt8(ascii: ":"))
        guard let om = digits(2), i == b.count else { return nil }
        return seconds - sign * Double(oh * 3600 + om * 60)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day number since 1970-01-01 (Hinnant's `civil_from_days`).
    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
