import AWSClient
import Foundation
import MFAGuardKit
import TestSupport
import Testing

/// Durations as people type them, and the STS limits they are checked against.
@Suite struct SessionDurationTests {
    @Test(arguments: [
        ("3600", 3600), ("8h", 28_800), ("90m", 5400), ("1h30m", 5400), ("45s", 45), ("1h0m30s", 3630),
        (" 12H ", 43_200), ("36h", 129_600), ("\t8h\u{00A0}", 28_800),  // tab and no-break space are blanks
    ])
    func parsesDurations(text: String, seconds: Int) throws {
        #expect(try SessionDuration.parse(text) == seconds)
    }

    @Test(arguments: ["", "0", "0h", "8x", "h", "1h1h", "1.5h", "-3600", "8h30", "99999999999999999999h", "8h\n"])
    func rejectsWhatIsNotADuration(text: String) {
        #expect(throws: SessionError.invalidDuration(text)) { try SessionDuration.parse(text) }
    }

    @Test(arguments: [(28_800, "8h"), (5400, "1h30m"), (900, "15m"), (45, "45s"), (3630, "1h30s")])
    func formatsDurationsBackToTheShortForm(seconds: Int, text: String) throws {
        #expect(SessionDuration.format(seconds) == text)
        #expect(try SessionDuration.parse(text) == seconds)
    }

    @Test func limitsAreThoseOfTheSTSReference() {
        // GetSessionToken: 900–129,600 s; AssumeRole: 900–43,200 s; chained roles: 1 hour.
        #expect(SessionDuration.sessionTokenRange == 900...129_600)
        #expect(SessionDuration.assumeRoleRange == 900...43_200)
        #expect(SessionDuration.chainedRoleMaximum == 3600)
    }
}

/// The expiration timestamps mfaguard prints, against Python's `time.strftime`.
@Suite struct ExpirationFormatTests {
    @Test(arguments: [0.0, 951_782_400, 1_795_000_000.75, 1_800_000_059.999, 4_102_444_799])
    func iso8601MatchesPython(seconds: Double) throws {
        let python = try ChildProcess.python(
            "import sys, time; print(time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(int(float(sys.argv[1])))))",
            [String(seconds)])
        let expected = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(HTTPDate.iso8601(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
