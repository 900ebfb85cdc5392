import AWSClient
import AWSHTTP
import AWSSigning
import Foundation
import TestSupport
import Testing

/// A clock-skew error whose `Date` header is far from the local clock: the client takes the server's
/// time, signs the request again with it, and keeps signing with it; anything else is not a reason to
/// repeat the request. Scripted answers (`ScriptedTransport`), a fixed local clock.
struct ClockSkewTests {
    /// The local clock: 2027-01-15 08:00:00 UTC.
    static let localTime = Date(timeIntervalSince1970: 1_800_000_000)

    static let summary = """
        <GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap>\
        <entry><key>Users</key><value>3</value></entry>\
        </SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>
        """

    static func client(_ transport: ScriptedTransport, attempts: Int = 3) -> ServiceClient {
        ServiceClient(
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDSKEW", secretAccessKey: "skew")),
            region: "us-east-1", endpointOverrides: [.iam: URL(string: "http://127.0.0.1:9")!],
            transport: transport, retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.001, maxDelay: 0.01),
            now: { localTime })
    }

    /// `date` as an HTTP `Date` header (RFC 7231 IMF-fixdate).
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func stamp(_ date: Date) -> AmzDate { AmzDate(secondsSince1970: Int(date.timeIntervalSince1970)) }

    /// The `Authorization` header our signer gives the GET `request` at `date`: what a request signed
    /// with the server's time must carry.
    static func expectedAuthorization(_ request: HTTPRequest, at date: Date) -> String? {
        let query = ScriptedTransport.parameters(of: request).map { ($0.key, $0.value) }
        var signable = SignableRequest(
            method: request.method, path: "/", query: query, headers: [("Host", "127.0.0.1:9")])
        SigV4Signer(
            credentials: SigningCredentials(accessKeyID: "AKIDSKEW", secretAccessKey: "skew"), region: "us-east-1",
            service: "iam"
        ).sign(&signable, date: stamp(date))
        return signable.header("Authorization")
    }

    static func error(of call: () async throws -> Void) async -> (any Error)? {
        do {
            try await call()
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException"])
    func aSkewErrorIsCorrectedWithTheServersDateAndSignedAgain(_ code: String) async throws {
        // Two days and an hour ahead: the credential scope's day changes too.
        let serverTime = Self.localTime.addingTimeInterval(2 * 86400 + 3600)
        let transport = ScriptedTransport([
            .queryError(403, code: code, headers: ["Date": Self.httpDate(serverTime)]),
            .status(200, Self.summary), .status(200, Self.summary),
        ])
        let iam = IAM(client: Self.client(transport))
        #expect(try await iam.getAccountSummary() == ["Users": 3])
        let requests = transport.requests
        try #require(requests.count == 2)
        #expect(requests[0].header("X-Amz-Date") == "20270115T080000Z")
        #expect(requests[1].header("X-Amz-Date") == "20270117T090000Z")
        #expect(requests[1].header("Authorization")?.contains("Credential=AKIDSKEW/20270117/us-east-1/iam/") == true)
        #expect(requests[0].header("Authorization") == Self.expectedAuthorization(requests[0], at: Self.localTime))
        #expect(requests[1].header("Authorization") == Self.expectedAuthorization(requests[1], at: serverTime))

        // Later requests keep the server's time without being refused first.
        _ = try await iam.getAccountSummary()
        #expect(transport.requests.count == 3)
        #expect(transport.requests[2].header("X-Amz-Date") == "20270117T090000Z")
    }

    @Test func aClockBehindTheServersIsCorrectedToo() async throws {
        let serverTime = Self.localTime.addingTimeInterval(-900)
        let transport = ScriptedTransport([
            .queryError(403, code: "RequestTimeTooSkewed", headers: ["Date": Self.httpDate(serverTime)]),
            .status(200, Self.summary),
        ])
        _ = try await IAM(client: Self.client(transport)).getAccountSummary()
        #expect(transport.requests.map { $0.header("X-Amz-Date") } == ["20270115T080000Z", "20270115T074500Z"])
    }

    /// STS and IAM say "Signature expired" in a SignatureDoesNotMatch when the time is off; a wrong
    /// secret key gives the same code with another message, and is not repeated.
    @Test func signatureDoesNotMatchIsASkewOnlyWhenTheSignatureExpired() async throws {
        let serverTime = Self.localTime.addingTimeInterval(3600)
        let expired = ScriptedTransport([
            .queryError(
                403, code: "SignatureDoesNotMatch",
                message: "Signature expired: 20270115T080000Z is now earlier than 20270115T085000Z",
                headers: ["Date": Self.httpDate(serverTime)]),
            .status(200, Self.summary),
        ])
        #expect(try await IAM(client: Self.client(expired)).getAccountSummary() == ["Users": 3])
        #expect(expired.requests.last?.header("X-Amz-Date") == "20270115T090000Z")

        let wrongKey = ScriptedTransport([
            .queryError(
                403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match",
                headers: ["Date": Self.httpDate(serverTime)]),
            .status(200, Self.summary),
        ])
        let error = await Self.error { _ = try await IAM(client: Self.client(wrongKey)).getAccountSummary() }
        #expect((error as? AWSServiceError)?.code == "SignatureDoesNotMatch")
        #expect(wrongKey.requests.count == 1)
    }

    /// Not a skew to correct: a minute or less (signing again would change nothing), a year or more (a
    /// broken or hostile answer), no `Date`, a `Date` that is not one.
    @Test(arguments: [
        "30 seconds ahead", "a year ahead", "no Date header", "an unreadable Date",
    ])
    func onlyAPlausibleSkewIsCorrected(_ what: String) async throws {
        let headers: [String: String] =
            switch what {
            case "30 seconds ahead": ["Date": Self.httpDate(Self.localTime.addingTimeInterval(30))]
            case "a year ahead": ["Date": Self.httpDate(Self.localTime.addingTimeInterval(366 * 86400))]
            case "an unreadable Date": ["Date": "tomorrow at noon"]
            default: [:]
            }
        let transport = ScriptedTransport([
            .queryError(403, code: "RequestTimeTooSkewed", headers: headers), .status(200, Self.summary),
        ])
        let error = await Self.error { _ = try await IAM(client: Self.client(transport)).getAccountSummary() }
        #expect((error as? AWSServiceError)?.code == "RequestTimeTooSkewed", "\(what)")
        #expect(transport.requests.count == 1, "\(what)")
    }

    /// The correction is made once: a second skew error with the same server time means signing with it
    /// did not help, and the error is reported instead of looping.
    @Test func theSameCorrectionIsNotMadeTwice() async throws {
        let skewed = ScriptedAnswerSet.skew(at: Self.localTime.addingTimeInterval(7200))
        let transport = ScriptedTransport([skewed, skewed, .status(200, Self.summary)])
        let error = await Self.error {
            _ = try await IAM(client: Self.client(transport, attempts: 5)).getAccountSummary()
        }
        #expect((error as? AWSServiceError)?.code == "RequestTimeTooSkewed")
        #expect(transport.requests.count == 2)
    }

    @Test func noCorrectionWithoutAnAttemptLeft() async throws {
        let transport = ScriptedTransport([
            ScriptedAnswerSet.skew(at: Self.localTime.addingTimeInterval(7200)), .status(200, Self.summary),
        ])
        let error = await Self.error {
            _ = try await IAM(client: Self.client(transport, attempts: 1)).getAccountSummary()
        }
        #expect((error as? AWSServiceError)?.code == "RequestTimeTooSkewed")
        #expect(transport.requests.count == 1)
    }
}

/// Answers these tests use more than once.
enum ScriptedAnswerSet {
    /// A `RequestTimeTooSkewed` error whose `Date` header says `serverTime`.
    static func skew(at serverTime: Date) -> ScriptedTransport.Answer {
        .queryError(403, code: "RequestTimeTooSkewed", headers: ["Date": ClockSkewTests.httpDate(serverTime)])
    }
}
