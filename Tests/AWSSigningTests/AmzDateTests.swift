import Foundation
import TestSupport
import Testing

@testable import AWSSigning

/// `AmzDate` is our own calendar arithmetic (signing has no Foundation): checked against Foundation's
/// Gregorian calendar in UTC.
struct AmzDateTests {
    static func foundationStamp(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test func knownTimes() {
        #expect(AmzDate(secondsSince1970: 0).full == "19700101T000000Z")
        #expect(AmzDate(secondsSince1970: 1_440_938_160).full == "20150830T123600Z")
        #expect(AmzDate(secondsSince1970: 1_440_938_160).day == "20150830")
        // A leap day, and the second before a new year.
        #expect(AmzDate(secondsSince1970: 1_709_208_000).full == "20240229T120000Z")
        #expect(AmzDate(secondsSince1970: 1_735_689_599).full == "20241231T235959Z")
        // Before 1970 the second of the day stays in 0..<86400.
        #expect(AmzDate(secondsSince1970: -1).full == "19691231T235959Z")
    }

    /// Seed 2026: the failure names the time, so it can be replayed.
    @Test func agreesWithFoundationOnRandomTimes() {
        var random = SeededRandom(seed: 2026)
        for _ in 0..<2000 {
            // 1900 to 2200.
            let seconds = Int.random(in: -2_208_988_800...7_258_118_400, using: &random)
            let ours = AmzDate(secondsSince1970: seconds)
            let theirs = Self.foundationStamp(seconds)
            #expect(ours.full == theirs, "\(seconds)")
            #expect(ours.day == String(theirs.prefix(8)), "\(seconds)")
        }
    }
}
