import MFAGuardKit
import TestSupport
import Testing

/// `audit --help` of the release binary against the formats MFAGuardKit declares.
@Suite struct ReportFormatHelpTests {
    /// `audit --help` (the release binary) names every format in its own words and in the parser's
    /// list, and nothing else: a format added without its help, or help naming one that is gone, fails.
    @Test func theHelpNamesExactlyTheFormats() throws {
        let help = try ChildProcess.run(try TestPaths.mfaguardBinary.path, ["audit", "--help"])
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let prose = try #require(flat.firstMatch(of: /Output format: ([a-z, ]+)\. \(values: ([a-z, ]+);/))
        let names = Set(ReportFormat.allCases.map(\.rawValue))
        #expect(Set(prose.1.split(separator: ", ").map(String.init)) == names)
        #expect(Set(prose.2.split(separator: ", ").map(String.init)) == names)
    }
}
