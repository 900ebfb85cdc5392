import AWSClient
import AWSHTTP
import Foundation
import TestSupport
import Testing

/// `ServiceClient`'s retries in AWS's standard mode, driven by scripted answers (`ScriptedTransport`):
/// which errors are retried, how many attempts are made, and what a broken connection may repeat.
/// What AWS itself answers is tested against moto; these answers each pick one branch of the client.
struct ServiceClientRetryTests {
    static let summary = """
        <GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap>\
        <entry><key>Users</key><value>3</value></entry>\
        </SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>
        """

    static let createdUser = """
        <CreateUserResponse><CreateUserResult><User><UserName>new</UserName><UserId>AIDANEW</UserId>\
        <Arn>arn:aws:iam::123456789012:user/new</Arn><Path>/</Path></User></CreateUserResult></CreateUserResponse>
        """

    static func client(_ transport: ScriptedTransport, attempts: Int = 3) -> ServiceClient {
        ServiceClient(
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDRETRY", secretAccessKey: "s")),
            region: "us-east-1", endpointOverrides: [.iam: URL(string: "http://127.0.0.1:9")!],
            transport: transport, retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.001, maxDelay: 0.01))
    }

    /// The error `call` ends with, or nil when it succeeds.
    static func error(of call: () async throws -> Void) async -> (any Error)? {
        do {
            try await call()
            return nil
        } catch {
            return error
        }
    }

    @Test func throttlingIsRetriedUntilTheAttemptsAreUsedUp() async throws {
        let transport = ScriptedTransport { _, _ in .queryError(400, code: "Throttling", message: "Rate exceeded") }
        let client = Self.client(transport, attempts: 4)
        let error = await Self.error { _ = try await IAM(client: client).getAccountSummary() }
        let serviceError = try #require(error as? AWSServiceError)
        #expect(serviceError.code == "Throttling")
        #expect(transport.requests.count == 4)
        #expect(client.requestsSent == 4)
        // Every attempt is signed again (a new X-Amz-Date may be due), not resent as it was.
        #expect(transport.requests.allSatisfy { $0.header("Authorization")?.hasPrefix("AWS4-HMAC-SHA256 ") == true })
    }

    @Test func aThrottledCallSucceedsOnALaterAttempt() async throws {
        let transport = ScriptedTransport([
            .queryError(400, code: "ThrottlingException"), .status(503), .queryError(500, code: "InternalFailure"),
            .status(200, Self.summary),
        ])
        let summary = try await IAM(client: Self.client(transport, attempts: 4)).getAccountSummary()
        #expect(summary == ["Users": 3])
        #expect(transport.requests.count == 4)
        #expect(transport.unused == 0)
    }

    @Test(arguments: [500, 502, 503, 504, 429])
    func theseStatusesAreRetriedWithoutAnErrorDocument(_ status: Int) async throws {
        let transport = ScriptedTransport([.status(status, "<html>busy</html>"), .status(200, Self.summary)])
        #expect(try await IAM(client: Self.client(transport)).getAccountSummary() == ["Users": 3])
        #expect(transport.requests.count == 2)
    }

    @Test func transientCodesAreRetriedWhateverTheirStatus() async throws {
        for code in ["RequestTimeout", "InternalError", "ServiceUnavailable", "IDPCommunicationError", "SlowDown"] {
            let transport = ScriptedTransport([.queryError(400, code: code), .status(200, Self.summary)])
            #expect(try await IAM(client: Self.client(transport)).getAccountSummary() == ["Users": 3], "\(code)")
            #expect(transport.requests.count == 2, "\(code)")
        }
    }

    /// Errors that another attempt would not change: one request, the service's error as it came.
    @Test(arguments: [
        (403, "AccessDenied"), (400, "InvalidClientTokenId"), (404, "NoSuchEntity"),
        // IAM's LimitExceeded is a quota (too many users), not a rate: waiting does not help.
        (409, "LimitExceeded"), (501, "NotImplemented"),
    ])
    func otherErrorsAreNotRetried(_ status: Int, _ code: String) async throws {
        let transport = ScriptedTransport { _, _ in .queryError(status, code: code, message: "no") }
        let error = await Self.error { _ = try await IAM(client: Self.client(transport)).getAccountSummary() }
        let serviceError = try #require(error as? AWSServiceError)
        #expect(serviceError.code == code)
        #expect(serviceError.httpStatus == status)
        #expect(serviceError.requestID == "scripted-request")
        #expect(transport.requests.count == 1)
    }

    @Test func aStatusWithoutAnErrorDocumentThatIsNotRetryableIsNamedByItsStatus() async throws {
        let transport = ScriptedTransport { _, _ in .status(501, "") }
        let error = await Self.error { _ = try await IAM(client: Self.client(transport)).getAccountSummary() }
        #expect((error as? AWSServiceError)?.code == "HTTP501")
        #expect(transport.requests.count == 1)
    }

    @Test func aConnectionThatCouldNotBeMadeIsRetriedEvenForAWrite() async throws {
        let transport = ScriptedTransport([
            .failure(TransportError(kind: .connectionFailed, message: "connection refused")),
            .status(200, Self.createdUser),
        ])
        let user = try await IAM(client: Self.client(transport)).createUser("new")
        #expect(user.userName == "new")
        #expect(transport.requests.count == 2)
        #expect(transport.requests.allSatisfy { $0.method == "POST" })
    }

    /// A write whose connection broke after it may have been sent could have taken effect: repeating it
    /// could create a second device or key, so the client stops and says so.
    @Test func aWriteWhoseOutcomeIsUnknownIsNotRetried() async throws {
        let transport = ScriptedTransport([
            .failure(TransportError(kind: .outcomeUnknown, message: "connection reset")),
            .status(200, Self.createdUser),
        ])
        let error = await Self.error { _ = try await IAM(client: Self.client(transport)).createUser("new") }
        let connectionError = try #require(error as? AWSConnectionError)
        #expect(connectionError.attempts == 1)
        #expect(connectionError.message.contains("connection reset"))
        #expect(connectionError.message.contains("not retried: the request may have taken effect"))
        #expect(transport.requests.count == 1)
        #expect(transport.unused == 1)
    }

    @Test func aReadWhoseOutcomeIsUnknownIsRetried() async throws {
        let transport = ScriptedTransport([
            .failure(TransportError(kind: .outcomeUnknown, message: "connection reset")),
            .status(200, Self.summary),
        ])
        #expect(try await IAM(client: Self.client(transport)).getAccountSummary() == ["Users": 3])
        #expect(transport.requests.count == 2)
        #expect(transport.requests.allSatisfy { $0.method == "GET" })
    }

    @Test func theAttemptsMadeAreInTheError() async throws {
        let transport = ScriptedTransport { _, _ in
            .failure(TransportError(kind: .connectionFailed, message: "connection refused"))
        }
        let error = await Self.error {
            _ = try await IAM(client: Self.client(transport, attempts: 3)).getAccountSummary()
        }
        let connectionError = try #require(error as? AWSConnectionError)
        #expect(connectionError.attempts == 3)
        #expect(connectionError.description == "IAM.GetAccountSummary failed: connection refused (after 3 attempts)")
        #expect(transport.requests.count == 3)
    }

    @Test func oneAttemptMeansNoRetry() async throws {
        let transport = ScriptedTransport { _, _ in .queryError(400, code: "Throttling") }
        let error = await Self.error {
            _ = try await IAM(client: Self.client(transport, attempts: 1)).getAccountSummary()
        }
        #expect((error as? AWSServiceError)?.code == "Throttling")
        #expect(transport.requests.count == 1)
    }

    /// Full jitter: attempt *i* waits `random × min(base × 2^(i-1), maxDelay)`.
    @Test func theBackoffCeilingDoublesUpToTheMaximum() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.5, maxDelay: 20)
        #expect(policy.delay(afterAttempt: 1, random: 1) == 0.5)
        #expect(policy.delay(afterAttempt: 2, random: 1) == 1)
        #expect(policy.delay(afterAttempt: 4, random: 0.5) == 2)
        #expect(policy.delay(afterAttempt: 6, random: 1) == 16)
        #expect(policy.delay(afterAttempt: 7, random: 1) == 20)
        #expect(policy.delay(afterAttempt: 30, random: 0.25) == 5)
        #expect(policy.delay(afterAttempt: 3, random: 0) == 0)
        var random = SeededRandom(seed: 17)
        for attempt in 1...12 {
            let delay = policy.delay(afterAttempt: attempt, random: Double.random(in: 0..<1, using: &random))
            #expect(delay >= 0 && delay < min(0.5 * Double(1 << (attempt - 1)), 20), "attempt \(attempt)")
        }
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
