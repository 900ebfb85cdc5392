import AWSHTTP
import Foundation
import Testing

@testable import AWSClient

/// `ServiceClient.query` and the IAM/STS decoders on answers that are well-formed HTTP but not what
/// was asked. The transport hands back fixed bytes: these are hostile inputs, not a model of AWS (the
/// real answers are checked against moto in the integration tests).
struct QueryDecodingTests {
    /// Answers every request with `status` and `body`, and counts the requests.
    final class FixedAnswer: HTTPTransport {
        let status: Int
        let body: String
        private let count = Locked(0)

        init(status: Int = 200, _ body: String) {
            self.status = status
            self.body = body
        }

        var requests: Int { count.current }

        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            count.withLock { $0 += 1 }
            return HTTPResponse(status: status, headers: [:], body: Array(body.utf8))
        }
    }

    func client(_ transport: FixedAnswer) -> ServiceClient {
        var retry = RetryPolicy()
        retry.maxAttempts = 2
        retry.baseDelay = 0.001
        return ServiceClient(
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDX", secretAccessKey: "x")),
            region: "us-east-1", endpointOverrides: [.iam: URL(string: "http://127.0.0.1:9")!],
            transport: transport, retry: retry)
    }

    func failure(_ body: String, status: Int = 200, _ call: (IAM) async throws -> Void) async -> String {
        do {
            try await call(IAM(client: client(FixedAnswer(status: status, body))))
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func anErrorResponseWithStatus200IsAnError() async {
        let body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>"
        let message = await failure(body) { _ = try await $0.getAccountSummary() }
        #expect(message == "IAM.GetAccountSummary failed: AccessDenied: no")
    }

    @Test func aRetryableErrorWithStatus200IsRetried() async throws {
        let transport = FixedAnswer(
            "<ErrorResponse><Error><Code>Throttling</Code><Message>slow</Message></Error></ErrorResponse>")
        await #expect(throws: AWSServiceError.self) { _ = try await IAM(client: client(transport)).getAccountSummary() }
        #expect(transport.requests == 2)
    }

    @Test func theWrongRootOrAMissingResultIsAnError() async {
        let wrongRoot = await failure(
            "<ListUsersResponse><ListUsersResult><Users/></ListUsersResult></ListUsersResponse>"
        ) {
            _ = try await $0.getAccountSummary()
        }
        #expect(wrongRoot.contains("root element <ListUsersResponse>"), "\(wrongRoot)")
        let noResult = await failure("<GetAccountSummaryResponse><ResponseMetadata/></GetAccountSummaryResponse>") {
            _ = try await $0.getAccountSummary()
        }
        #expect(noResult == "IAM.GetAccountSummary failed: the answer has no <GetAccountSummaryResult> (HTTP 200)")
    }

    @Test func actionsWithoutOutputNeedNoResult() async {
        let message = await failure("<DeleteRoleResponse><ResponseMetadata/></DeleteRoleResponse>") {
            _ = try await $0.deleteRole("r")
        }
        #expect(message == "no error")
    }

    @Test func theMembersADecoderCannotDoWithoutAreRequired() async {
        let summary = await failure(
            "<GetAccountSummaryResponse><GetAccountSummaryResult/></GetAccountSummaryResponse>"
        ) { _ = try await $0.getAccountSummary() }
        #expect(summary == "IAM.GetAccountSummary failed: the answer has no <SummaryMap>")
        let report = await failure(
            "<GetCredentialReportResponse><GetCredentialReportResult/></GetCredentialReportResponse>"
        ) { _ = try await $0.getCredentialReport() }
        #expect(report == "IAM.GetCredentialReport failed: the answer has no <Content>")
        let devices = await failure(
            "<ListVirtualMFADevicesResponse><ListVirtualMFADevicesResult/></ListVirtualMFADevicesResponse>"
        ) { _ = try await $0.listVirtualMFADevices().collect() }
        #expect(devices == "IAM.ListVirtualMFADevices failed: the answer has no <VirtualMFADevices>")
        let negative = await failure(
            "<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap><entry><key>Users</key>"
                + "<value>-3</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>"
        ) { _ = try await $0.getAccountSummary() }
        #expect(negative == "IAM.GetAccountSummary failed: the summary's Users is not a count")
    }

    @Test func anXHTMLPageIsNamed() async {
        let message = await failure("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>Log in</body></html>") {
            _ = try await $0.getAccountAuthorizationDetails()
        }
        #expect(message.contains("an HTML page, not an AWS answer"), "\(message)")
    }
}
