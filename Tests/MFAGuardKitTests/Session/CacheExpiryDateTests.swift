import AWSClient
import Foundation
import Testing

/// The dates a cached session's expiry can hold stay four-digit years when printed, at both ends of the
/// range (`CLITests/Session/CacheExpiryRangeTests` runs `credential-process` on such cache entries).
@Suite struct CacheExpiryDateTests {
    @Test func farFutureDatesFormatWithinFourDigitYears() {
        #expect(HTTPDate.iso8601(Date(timeIntervalSince1970: 9e18)) == "9999-12-31T23:59:59Z")
        #expect(HTTPDate.iso8601(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00Z")
        #expect(HTTPDate.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }
}
