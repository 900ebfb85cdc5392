import AWSHTTP
import Foundation

/// An in-memory `HTTPTransport` for unit tests of the service client's own logic (retries, clock-skew
/// correction, paging): it answers from a script instead of the network and records every request.
/// Not a model of AWS: what AWS answers is tested against moto; these answers are chosen to drive one
/// branch of the client each.
///
/// Two ways to script it: a queue of answers, one per request in order, or a closure that answers
/// each request (given the request and its index from 0). A request beyond the queue gets a
/// connection failure naming it, so a test that sent more requests than it expected fails on its
/// request count and on the error, not by hanging.
public final class ScriptedTransport: HTTPTransport {
    /// What one request gets back.
    public enum Answer: Sendable {
        /// An HTTP answer, any status.
        case response(HTTPResponse)
        /// No answer at all (a refused connection, a broken one).
        case failure(TransportError)

        /// An answer with `status`, a UTF-8 `body` and `headers` (names lower-cased, as the socket
        /// transport gives them).
        public static func status(_ status: Int, _ body: String = "", headers: [String: String] = [:]) -> Answer {
            .response(
                HTTPResponse(
                    status: status,
                    headers: Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) }),
                    body: Array(body.utf8)))
        }

        /// A Query-protocol error document (`<ErrorResponse>`) with `status`.
        public static func queryError(
            _ status: Int, code: String, message: String = "scripted", headers: [String: String] = [:]
        ) -> Answer {
            .status(
                status,
                "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>"
                    + "<RequestId>scripted-request</RequestId></ErrorResponse>",
                headers: headers)
        }
    }

    private struct State {
        var queue: [Answer]
        var requests: [HTTPRequest] = []
    }

    private let state: Locked<State>
    private let respond: (@Sendable (HTTPRequest, Int) -> Answer)?

    /// Answers the requests in order with `answers`.
    public init(_ answers: [Answer]) {
        state = Locked(State(queue: answers))
        respond = nil
    }

    /// Answers each request with `respond(request, index)`, `index` counting from 0.
    public init(_ respond: @escaping @Sendable (_ request: HTTPRequest, _ index: Int) -> Answer) {
        state = Locked(State(queue: []))
        self.respond = respond
    }

    /// Every request sent so far, in order.
    public var requests: [HTTPRequest] { state.current.requests }

    /// Queued answers no request has taken yet.
    public var unused: Int { state.current.queue.count }

    /// Records `request` and gives it the next answer of the script.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let (index, queued) = state.withLock { state -> (Int, Answer?) in
            state.requests.append(request)
            return (state.requests.count - 1, state.queue.isEmpty ? nil : state.queue.removeFirst())
        }
        let answer =
            respond?(request, index) ?? queued
            ?? .failure(
                TransportError(
                    kind: .connectionFailed,
                    message: "ScriptedTransport: no answer for request \(index + 1) (\(request.method) \(request.url))")
            )
        switch answer {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }

    /// The parameters of a Query-protocol request: the query string of a GET, the form body of a POST,
    /// decoded (the last value wins for a repeated name).
    public static func parameters(of request: HTTPRequest) -> [String: String] {
        let encoded =
            request.method == "GET"
            ? URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.percentEncodedQuery ?? ""
            : String(decoding: request.body, as: UTF8.self)
        var result: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            result[name] = value
        }
        return result
    }
}
