import AWSHTTP
import AWSSigning
import Foundation
import JSON
import Logging

/// Signs, sends and retries requests to AWS services over one HTTP transport; decodes Query-protocol
/// (XML) and JSON-protocol responses and errors. The service facades (`IAM`, `STS`, `Organizations`)
/// sit on top of it.
public final class ServiceClient: Sendable {
    /// The region requests go to and are signed for, unless the service is global or overridden.
    public let region: String
    /// Where signing credentials come from; asked before every signed attempt, retries included (providers cache).
    public let credentialsProvider: any CredentialsProvider
    private let endpointOverrides: [AWSService: URL]
    private let transport: any HTTPTransport
    private let retry: RetryPolicy
    private let rateLimiter: RateLimiter?
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let state = Locked(State())

    private struct State {
        var requestsSent = 0
        /// Server time minus local time, learned from a clock-skew error, applied to later signatures.
        var clockOffset: TimeInterval = 0
    }

    /// A client; `transport` defaults to a new socket transport and `now` (for signing) to the system clock.
    public init(
        credentials: any CredentialsProvider, region: String, endpointOverrides: [AWSService: URL] = [:],
        transport: any HTTPTransport = SocketTransport(), retry: RetryPolicy = RetryPolicy(),
        rateLimiter: RateLimiter? = nil, logger: Logger = Logger(label: "mfaguard.aws"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentialsProvider = credentials
        self.region = region
        self.endpointOverrides = endpointOverrides
        self.transport = transport
        self.retry = retry
        self.rateLimiter = rateLimiter
        self.logger = logger
        self.now = now
    }

    /// HTTP requests sent so far, retries included (the audit reports it; benchmarks read it).
    public var requestsSent: Int { state.current.requestsSent }

    /// The partition of the client's region.
    public var partition: Partition { Partition(region: region) }

    /// Where requests for `service` go: an override (`--endpoint-url`, `AWS_ENDPOINT_URL*`) or AWS's own.
    public func endpoint(for service: AWSService) -> ServiceEndpoint { endpoint(for: service, region: region) }

    /// Where requests for `service` in `region` go (Identity Center's region is the profile's `sso_region`,
    /// not the client's); an override wins whatever the region, as in botocore.
    public func endpoint(for service: AWSService, region: String) -> ServiceEndpoint {
        let standard = ServiceEndpoint.standard(for: service, region: region)
        guard let override = endpointOverrides[service] else { return standard }
        return ServiceEndpoint(url: override, signingRegion: standard.signingRegion)
    }

    /// A decoded Query-protocol answer: the `<ActionResult>` element and the request id.
    public struct QueryResponse: Sendable {
        /// The `<ActionResult>` element (an empty node for actions without output).
        public var result: XMLNode
        /// `<ResponseMetadata><RequestId>`; `nil` if the answer has none.
        public var requestID: String?
    }

    /// Calls a Query-protocol action (XML answer). `idempotent` allows a retry when a connection broke
    /// after the request may have been sent. `expectsResult` is false for the actions whose botocore
    /// model has no output shape (`DeleteGroup`, `AttachRolePolicy`, …): their answer is only
    /// `<ActionResponse><ResponseMetadata>`.
    ///
    /// The answer is checked against what was asked: its root must be `<ActionResponse>` and, when the
    /// action has an output, hold `<ActionResult>`; an `ErrorResponse` is an error whatever the HTTP
    /// status, and an HTML page (a captive portal, a proxy's login page) is named as such. Why: reading a
    /// wrong answer as an empty result turns a broken gateway into "no findings" for an open account.
    ///
    /// Idempotent calls go as GET with the parameters in the query string, over a kept-alive connection;
    /// others as a form-encoded POST on a connection of their own (`Connection: close`). Why: a kept-alive
    /// connection may turn out to be closed by the server when the next request goes out; the transport
    /// then resends a GET on a new connection (nothing can have happened), but a write call that broke
    /// there would have an unknown outcome. On a fresh connection it never meets a stale one, so our
    /// retry logic decides, knowing whether the call is safe to repeat.
    ///
    /// `signed: false` sends the request without SigV4 and without asking for credentials: for the
    /// calls that take no AWS credentials (`AssumeRoleWithWebIdentity`, whose token is the credential).
    public func query(
        _ service: AWSService, _ action: String, _ parameters: [(String, String)] = [], idempotent: Bool,
        expectsResult: Bool = true, signed: Bool = true
    ) async throws -> QueryResponse {
        let all = [("Action", action), ("Version", service.apiVersion)] + parameters
        let operation = "\(service.rawValue.uppercased()).\(action)"
        let response: HTTPResponse
        if idempotent {
            response = try await send(
                service: service, operation: operation, method: "GET", query: all, contentType: nil, extraHeaders: [],
                body: [], logBody: Redaction.formBody(Self.formEncode(all)), idempotent: true, signed: signed)
        } else {
            let form = Self.formEncode(all)
            response = try await send(
                service: service, operation: operation, method: "POST", query: [],
                contentType: "application/x-www-form-urlencoded; charset=utf-8", extraHeaders: [],
                body: Array(form.utf8), logBody: Redaction.formBody(form), idempotent: false, signed: signed)
        }
        let root: XMLNode
        switch XMLNode.read(response.body) {
        case .failure(let problem):
            let what = AnswerCheck.looksLikeHTML(response.body) ? AnswerCheck.htmlPage : "not XML (\(problem))"
            throw AWSConnectionError(
                operation: operation, message: "the endpoint's answer is \(what) (HTTP \(response.status))", attempts: 1
            )
        case .success(let node):
            root = node
        }
        guard root.name == "\(action)Response" else {
            let what =
                AnswerCheck.isHTML(root)
                ? AnswerCheck.htmlPage : "not an AWS \(action) answer (root element <\(root.name)>)"
            throw AWSConnectionError(
                operation: operation, message: "the endpoint's answer is \(what) (HTTP \(response.status))", attempts: 1
            )
        }
        let result: XMLNode
        if let found = root.child("\(action)Result") {
            result = found
        } else if expectsResult {
            throw AWSConnectionError(
                operation: operation, message: "the answer has no <\(action)Result> (HTTP \(response.status))",
                attempts: 1)
        } else {
            result = XMLNode(name: "\(action)Result", text: "", children: [])
        }
        return QueryResponse(result: result, requestID: root.child("ResponseMetadata")?["RequestId"])
    }

    static func formEncode(_ parameters: [(String, String)]) -> String {
        parameters.map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
    }

    /// Calls a JSON-protocol (awsJson1_1) action such as Organizations' `ListAccounts`.
    public func json(_ service: AWSService, target: String, body: Data, idempotent: Bool) async throws -> Data {
        let operation = "\(service.rawValue.capitalized).\(target.split(separator: ".").last ?? "")"
        let text = String(decoding: body, as: UTF8.self)
        // A POST on its own connection, for the reason given at `query`.
        let response = try await send(
            service: service, operation: operation, method: "POST", query: [],
            contentType: "application/x-amz-json-1.1",
            extraHeaders: [("X-Amz-Target", target)], body: Array(body),
            logBody: Redaction.document(text), idempotent: idempotent)
        return Data(response.body)
    }

    /// `endpoint`: where to send it, when not the service's endpoint in the client's region (a REST path).
    func send(
        service: AWSService, operation: String, method: String, query: [(String, String)], contentType: String?,
        extraHeaders: [(String, String)], body: [UInt8], logBody: String, idempotent: Bool, signed: Bool = true,
        endpoint: ServiceEndpoint? = nil
    ) async throws -> HTTPResponse {
        let endpoint = endpoint ?? self.endpoint(for: service)
        var attempt = 0
        while true {
            attempt += 1
            if let rateLimiter { await rateLimiter.acquire() }
            let credentials = signed ? try await credentialsProvider.credentials() : nil
            let request = sign(
                endpoint: endpoint, service: service, credentials: credentials, method: method, query: query,
                contentType: contentType, extraHeaders: extraHeaders, body: body)
            logRequest(request, body: logBody, attempt: attempt)
            state.withLock { $0.requestsSent += 1 }
            let outcome: Result<HTTPResponse, TransportError>
            do {
                outcome = .success(try await transport.send(request))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .failure(let error):
                logger.debug("\(operation) attempt \(attempt): \(error.message)")
                let safe = idempotent || error.kind == .connectionFailed
                guard safe, attempt < retry.maxAttempts else {
                    let unknown =
                        safe ? "" : " (not retried: the request may have taken effect; check before repeating it)"
                    throw AWSConnectionError(operation: operation, message: error.message + unknown, attempts: attempt)
                }
            case .success(let response):
                logResponse(response, operation: operation)
                if (200..<300).contains(response.status), !AnswerCheck.isErrorDocument(response.body) {
                    return response
                }
                let serviceError = decodeError(response, operation: operation)
                if learnClockSkew(from: serviceError, response: response), attempt < retry.maxAttempts { continue }
                guard RetryPolicy.isRetryable(code: serviceError.code, status: response.status),
                    attempt < retry.maxAttempts
                else { throw serviceError }
            }
            let delay = retry.delay(afterAttempt: attempt)
            logger.debug("\(operation): retrying in \(String(format: "%.2f", delay)) s")
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }

    private func sign(
        endpoint: ServiceEndpoint, service: AWSService, credentials: AWSCredentials?, method: String,
        query: [(String, String)], contentType: String?, extraHeaders: [(String, String)], body: [UInt8]
    ) -> HTTPRequest {
        var host = endpoint.url.host ?? ""
        if let port = endpoint.url.port,
            !((endpoint.url.scheme == "https" && port == 443) || (endpoint.url.scheme == "http" && port == 80))
        {
            host += ":\(port)"
        }
        let path = endpoint.url.path.isEmpty ? "/" : endpoint.url.path
        var headers: [(name: String, value: String)] = [("Host", host)]
        if let contentType { headers.append(("Content-Type", contentType)) }
        headers += extraHeaders.map { (name: $0.0, value: $0.1) }
        var signable = SignableRequest(method: method, path: path, query: query, headers: headers, body: body)
        if let credentials {
            let keys = SigningCredentials(
                accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken)
            let signer = SigV4Signer(credentials: keys, region: endpoint.signingRegion, service: service.signingName)
            let offset = state.current.clockOffset
            let time = now().addingTimeInterval(offset).timeIntervalSince1970
            signer.sign(&signable, date: AmzDate(secondsSince1970: Int(time.rounded(.down))))
        }
        var sent = signable.headers.filter { $0.name.lowercased() != "host" }
        sent.append(("User-Agent", "mfaguard/\(AWSClientVersion.current)"))
        // Hop-by-hop, so not signed (a proxy may rewrite it): a POST gets a connection of its own (see `query`).
        if method == "POST" { sent.append(("Connection", "close")) }
        var url = endpoint.url
        if !query.isEmpty, var components = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false) {
            components.percentEncodedQuery = signable.encodedQuery
            url = components.url ?? endpoint.url
        }
        return HTTPRequest(method: method, url: url, headers: sent, body: body)
    }

    private func decodeError(_ response: HTTPResponse, operation: String) -> AWSServiceError {
        let requestID = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]
        if let root = XMLNode.parse(response.body) {
            let error = root.child("Error") ?? root.child("Errors")?.child("Error") ?? root
            if let code = error["Code"] {
                return AWSServiceError(
                    code: code, message: error["Message"] ?? "",
                    requestID: root["RequestId"] ?? root["RequestID"] ?? requestID,
                    httpStatus: response.status, operation: operation)
            }
        }
        if let object = try? JSONReader.parse(response.body), object.members != nil,
            let type = object["__type"]?.stringValue ?? object["code"]?.stringValue
                ?? response.headers["x-amzn-errortype"]  // REST-JSON services put the code in a header
        {
            // `ns#Code` in a body, `Code:http://…` in the header.
            let name = type.split(separator: "#").last ?? Substring(type)
            let code = String(name.split(separator: ":").first ?? name)
            let message = object["message"]?.stringValue ?? object["Message"]?.stringValue ?? ""
            return AWSServiceError(
                code: code, message: message, requestID: requestID, httpStatus: response.status, operation: operation)
        }
        // No error document: the status alone decides (429 is throttling, and retried as such).
        let code = response.status == 429 ? "Throttling" : "HTTP\(response.status)"
        return AWSServiceError(
            code: code, message: "unexpected answer from \(operation)", requestID: requestID,
            httpStatus: response.status, operation: operation)
    }

    /// On a clock-skew error, take the server's `Date` as the time to sign with; true when that
    /// changes something, so the request is worth repeating.
    private func learnClockSkew(from error: AWSServiceError, response: HTTPResponse) -> Bool {
        let skewCodes: Set<String> = [
            "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        ]
        let skewMessage = error.code == "SignatureDoesNotMatch" && error.message.contains("Signature expired")
        guard skewCodes.contains(error.code) || skewMessage,
            let dateHeader = response.headers["date"], let serverDate = HTTPDate.parse(dateHeader)
        else { return false }
        let offset = serverDate.timeIntervalSince(now())
        let previous = state.current.clockOffset
        // A `Date` a year or more away is not a clock off by a little but a broken or hostile answer;
        // signing with it would also feed absurd numbers to the signer's integer conversions.
        guard offset.isFinite, abs(offset) < 366 * 86400, abs(offset - previous) > 60 else { return false }
        state.withLock { $0.clockOffset = offset }
        logger.debug("clock skew of \(Int(offset)) s detected; signing with the server's time")
        return true
    }

    private func logRequest(_ request: HTTPRequest, body: String, attempt: Int) {
        guard logger.logLevel <= .debug else { return }
        let headers = request.headers.map { "\($0.name): \(Redaction.header($0.name, $0.value))" }.joined(
            separator: "\n  ")
        // The query string is logged through `body` (redacted), not as part of the URL.
        var components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        components?.query = nil
        let url = components?.url?.absoluteString ?? ""
        logger.debug("→ \(request.method) \(url) (attempt \(attempt))\n  \(headers)\n  \(body)")
    }

    private func logResponse(_ response: HTTPResponse, operation: String) {
        guard logger.logLevel <= .debug else { return }
        let text = Redaction.document(String(decoding: response.body.prefix(4096), as: UTF8.self))
        logger.debug("← \(operation) HTTP \(response.status)\n  \(text)")
    }
}

/// The client library's version, sent in the `User-Agent` header.
public enum AWSClientVersion {
    /// Semantic version of this library, sent as `mfaguard/<version>`.
    public static let current = "0.1.0"
}
