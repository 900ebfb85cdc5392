import Foundation
import JSON
import TestSupport
import Testing

/// The one ISO 8601 formatter and parser, against Python's `datetime` and the forms AWS and other
/// tools write.
@Suite("ISO 8601 timestamps")
struct ISO8601Tests {
    @Test func formatsWholeSecondsInUTC() {
        #expect(ISO8601.format(secondsSince1970: 0) == "1970-01-01T00:00:00Z")
        #expect(ISO8601.format(secondsSince1970: 1_795_428_000) == "2026-11-23T10:00:00Z")
        #expect(ISO8601.format(secondsSince1970: 1_795_428_000.999) == "2026-11-23T10:00:00Z")
        #expect(ISO8601.format(secondsSince1970: -0.5) == "1969-12-31T23:59:59Z")
        #expect(ISO8601.format(secondsSince1970: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(ISO8601.format(secondsSince1970: 9e18) == "9999-12-31T23:59:59Z")
        #expect(ISO8601.format(secondsSince1970: -1e300) == "0001-01-01T00:00:00Z")
        #expect(ISO8601.format(secondsSince1970: .nan) == "1970-01-01T00:00:00Z")
    }

    /// Seeded random times from year 1 to 9999, formatted by Python's `datetime` and by us, and read back.
    @Test func agreesWithPythonOnRandomTimes() throws {
        var state: UInt64 = 0x5EED_1507
        var times: [Int] = []
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            times.append(Int(state >> 11) % 315_537_897_599 - 62_135_596_800)
        }
        let script = """
            import datetime, sys
            epoch = datetime.datetime(1970, 1, 1)
            for line in sys.stdin:
                t = epoch + datetime.timedelta(seconds=int(line))
                print(t.isoformat() + "Z")
            """
        let input = Data(times.map(String.init).joined(separator: "\n").utf8)
        let result = try ChildProcess.run("python3", ["-c", script], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = result.stdout.split(separator: "\n").map(String.init)
        #expect(expected.count == times.count)
        for (time, text) in zip(times, expected) {
            #expect(ISO8601.format(secondsSince1970: Double(time)) == text, "\(time)")
            #expect(ISO8601.parse(text) == Double(time), "\(text)")
        }
    }

    /// AWS writes whole seconds (STS, IAM, the instance metadata service) or milliseconds; Python's
    /// `isoformat()` microseconds and `+00:00`; `str(datetime)` a space.
    @Test func parsesTheFormsAWSAndToolsWrite() {
        let base = 1_795_428_000.0
        #expect(ISO8601.parse("2026-11-23T10:00:00Z") == base)
        #expect(ISO8601.parse("2026-11-23T10:00:00.123Z") == base + 0.123)
        #expect(ISO8601.parse("2026-11-23T10:00:00.5Z") == base + 0.5)
        #expect(abs(ISO8601.parse("2026-11-23T10:00:00.123456+00:00")! - (base + 0.123456)) < 1e-6)
        #expect(ISO8601.parse("2026-11-23 10:00:00+00:00") == base)
        #expect(ISO8601.parse("2026-11-23T12:00:00+02:00") == base)
        #expect(ISO8601.parse("2026-11-23T05:30:00-0430") == base)
        #expect(ISO8601.parse("2026-11-23T10:00Z") == base)
        #expect(ISO8601.parse("2026-11-23") == nil)
        #expect(ISO8601.parse("2026-11-23", requiringTime: false) == base - 36_000)
    }

    @Test func rejectsWhatIsNotATimestamp() {
        for text in [
            "", "2026", "2026-13-01T00:00:00Z", "2026-11-32T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z",
            "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00ZZ", "2026-11-23T10:00:00+2", "2026-11-23X10:00:00Z",
            "Sun, 06 Nov 1994 08:49:37 GMT", "2026-11-23T10:00:00Z ",
        ] {
            #expect(ISO8601.parse(text) == nil, "\(text.debugDescription)")
        }
    }
}
