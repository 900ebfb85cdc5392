import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The transport that ships with the toolchain (FoundationNetworking's `URLSession`, libcurl on
/// Linux). One session per client, so requests reuse one keep-alive connection.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// `timeout` bounds each request (connect + response).
    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpMaximumConnectionsPerHost = 4
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            let task = session.dataTask(with: urlRequest) { data, response, error in
                if let error {
                    continuation.resume(returning: .failure(Self.classify(error, url: request.url)))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(
                        returning: .failure(
                            TransportError(
                                kind: .outcomeUnknown, message: "no HTTP response from \(request.url.host ?? "")")))
                    return
                }
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
                }
                continuation.resume(
                    returning: .success(
                        HTTPResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data()))))
            }
            task.resume()
        }
        return try result.get()
    }

    static func classify(_ error: any Error, url: URL) -> TransportError {
        let nsError = error as NSError
        let endpoint = url.host.map { host in url.port.map { "\(host):\($0)" } ?? host } ?? url.absoluteString
        switch nsError.code {
        case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
            NSURLErrorNotConnectedToInternet, NSURLErrorSecureConnectionFailed, NSURLErrorUnsupportedURL:
            return TransportError(
                kind: .connectionFailed, message: "cannot connect to \(endpoint): \(nsError.localizedDescription)")
        case NSURLErrorTimedOut:
            return TransportError(kind: .outcomeUnknown, message: "request to \(endpoint) timed out")
        default:
            return TransportError(
                kind: .outcomeUnknown, message: "connection to \(endpoint) failed: \(nsError.localizedDescription)")
        }
    }
}
