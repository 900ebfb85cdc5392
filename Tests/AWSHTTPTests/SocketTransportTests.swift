import Foundation
import TestSupport
import Testing

@testable import AWSHTTP

/// Our HTTP/1.1 client against a raw Python server (scripts/testing/http_server.py) that frames its
/// answers by hand: every framing, connection reuse, servers that close, timeouts, and TLS with a
/// certificate the server generates (verified by OpenSSL, loaded at run time).
@Suite struct SocketTransportTests {
    static let server = Result { try BackgroundService(script: "http_server.py") }

    func get(_ path: String, _ transport: SocketTransport, base: String? = nil) async throws(TransportError)
        -> HTTPResponse
    {
        let root = base ?? (try! Self.server.get()).url
        return try await transport.send(
            HTTPRequest(method: "GET", url: URL(string: root + path)!, headers: [], body: []))
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func contentLengthChunkedAndCloseDelimitedBodies() async throws {
        let transport = SocketTransport()
        #expect(text(try await get("/length", transport)) == "length-ok")
        let chunked = try await get("/chunked", transport)
        #expect(chunked.status == 200)
        #expect(text(chunked) == "hello, world")
        #expect(text(try await get("/close", transport)) == "until-close")
        #expect(text(try await get("/interim", transport)) == "after-interim")
        let missing = try await get("/missing", transport)
        #expect(missing.status == 404)
    }

    @Test(arguments: [0, 1, 7777, 7778, 1_000_003])
    func largeChunkedBodiesArriveWhole(size: Int) async throws {
        let body = try await get("/big?n=\(size)", SocketTransport()).body
        let pattern = Array("0123456789".utf8)
        #expect(body.count == size)
        #expect(body.enumerated().allSatisfy { $0.element == pattern[$0.offset % 10] })
    }

    @Test func requestsReuseOneKeptAliveConnection() async throws {
        let transport = SocketTransport()
        let answers = try await [get("/conn", transport), get("/conn", transport), get("/conn", transport)].map(text)
        let connections = Set(answers.map { $0.split(separator: " ")[0] })
        #expect(connections.count == 1, "\(answers)")
        #expect(answers.map { $0.split(separator: " ")[1] } == ["1", "2", "3"])
    }

    @Test func aConnectionTheServerClosedIsNotReused() async throws {
        let transport = SocketTransport()
        #expect(text(try await get("/idle-close", transport)) == "idle-close")
        try await Task.sleep(for: .milliseconds(300))
        // The idle connection is closed by now: the request goes on a new one and succeeds.
        let answer = text(try await get("/conn", transport))
        #expect(answer.hasSuffix(" 1"), "\(answer)")
    }

    @Test func postSendsTheBodyAndTheEncodedTargetUnchanged() async throws {
        let server = try Self.server.get()
        let body = Array("Action=Test&Value=a%2Fb%20c".utf8)
        let request = HTTPRequest(
            method: "POST", url: URL(string: server.url + "/echo?x=a%2Fb&y=%20%7E")!,
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
        let answer = text(try await SocketTransport().send(request))
        #expect(answer == "POST /echo?x=a%2Fb&y=%20%7E HTTP/1.1\nAction=Test&Value=a%2Fb%20c")
    }

    @Test func aWriteCallNeverRidesOnAnIdleConnection() async throws {
        let server = try Self.server.get()
        let transport = SocketTransport()
        let first = text(try await get("/conn", transport))
        let post = HTTPRequest(method: "POST", url: URL(string: server.url + "/conn")!, headers: [], body: [])
        let second = text(try await transport.send(post))
        #expect(first.split(separator: " ")[0] != second.split(separator: " ")[0], "\(first) / \(second)")
        #expect(second.hasSuffix(" 1"))
    }

    @Test func headersThatWouldSplitTheRequestAreRefused() async throws {
        let server = try Self.server.get()
        let request = HTTPRequest(
            method: "GET", url: URL(string: server.url + "/length")!,
            headers: [("X-Amz-Security-Token", "abc\r\nX-Injected: 1")], body: [])
        let error = try await #require(throws: TransportError.self) { try await SocketTransport().send(request) }
        #expect(error.message == "refusing to send header X-Amz-Security-Token: it contains a line break or NUL")
    }

    @Test func aTruncatedAnswerIsAnUnknownOutcome() async throws {
        let error = try await #require(throws: TransportError.self) { try await get("/truncated", SocketTransport()) }
        #expect(error.kind == .outcomeUnknown)
        #expect(error.message.contains("closed before the answer was complete"), "\(error.message)")
        let silent = try await #require(throws: TransportError.self) { try await get("/nothing", SocketTransport()) }
        #expect(silent.kind == .outcomeUnknown)
        #expect(silent.message.contains("closed without an answer"), "\(silent.message)")
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        let port = try freePort()
        let error = try await #require(throws: TransportError.self) {
            try await get("/length", SocketTransport(), base: "http://127.0.0.1:\(port)")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message == "cannot connect to 127.0.0.1:\(port): Connection refused")
    }

    @Test func anUnknownHostIsAConnectionFailure() async throws {
        let error = try await #require(throws: TransportError.self) {
            try await get("/", SocketTransport(), base: "http://no-such-host.invalid")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message.hasPrefix("cannot resolve no-such-host.invalid: "), "\(error.message)")
    }

    @Test func aSlowAnswerTimesOut() async throws {
        let error = try await #require(throws: TransportError.self) {
            try await get("/slow?ms=3000", SocketTransport(timeout: 0.5))
        }
        #expect(error.kind == .outcomeUnknown)
        #expect(error.message.contains("timed out"), "\(error.message)")
    }

    @Test func concurrentRequestsAllSucceed() async throws {
        let transport = SocketTransport()
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<24 { group.addTask { text(try await get("/slow?ms=50", transport)) } }
            var all: [String] = []
            while let answer = try await group.next() { all.append(answer) }
            return all
        }
        #expect(answers == Array(repeating: "slow", count: 24))
    }

    // MARK: TLS

    @Test func tlsWithATrustedCertificateReusesTheConnection() async throws {
        let directory = try makeTemporaryDirectory("tls")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try BackgroundService(script: "http_server.py", arguments: ["--tls-dir", directory])
        let transport = SocketTransport(caBundle: directory + "/cert.pem")
        let base = "https://localhost:\(server.port)"
        #expect(text(try await get("/chunked", transport, base: base)) == "hello, world")
        let first = text(try await get("/conn", transport, base: base))
        let second = text(try await get("/conn", transport, base: base))
        #expect(first.split(separator: " ")[0] == second.split(separator: " ")[0], "\(first) / \(second)")
        #expect(text(try await get("/big?n=300000", transport, base: base)).count == 300_000)
    }

    @Test func tlsRejectsAnUntrustedCertificate() async throws {
        let directory = try makeTemporaryDirectory("tls")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try BackgroundService(script: "http_server.py", arguments: ["--tls-dir", directory])
        let error = try await #require(throws: TransportError.self) {
            try await get("/length", SocketTransport(), base: "https://localhost:\(server.port)")
        }
        #expect(error.kind == .connectionFailed)
        #expect(
            error.message == "TLS handshake with localhost failed: certificate verify failed: self-signed certificate",
            "\(error.message)")
    }

    @Test func tlsRejectsACertificateForAnotherName() async throws {
        let directory = try makeTemporaryDirectory("tls")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try BackgroundService(
            script: "http_server.py", arguments: ["--tls-dir", directory, "--tls-name", "iam.example.com"])
        let error = try await #require(throws: TransportError.self) {
            try await get(
                "/length", SocketTransport(caBundle: directory + "/cert.pem"), base: "https://localhost:\(server.port)")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("hostname mismatch"), "\(error.message)")
    }

    @Test func anUnreadableCABundleIsReported() async throws {
        let server = try Self.server.get()
        let error = try await #require(throws: TransportError.self) {
            try await get(
                "/length", SocketTransport(caBundle: "/nonexistent/ca.pem"), base: "https://localhost:\(server.port)")
        }
        #expect(error.message.hasPrefix("cannot load CA certificates from /nonexistent/ca.pem"), "\(error.message)")
    }

    // MARK: Proxies

    func settings(_ variables: [String: String]) throws -> ProxySettings {
        try ProxySettings(lookup: { variables[$0] })
    }

    @Test func plainHTTPGoesThroughTheProxyInAbsoluteForm() async throws {
        let server = try Self.server.get()
        let proxy = try ForwardProxy.start()
        let transport = SocketTransport(proxies: try settings(["http_proxy": "127.0.0.1:\(proxy.port)"]))
        #expect(text(try await get("/length?a=%2F", transport)) == "length-ok")
        #expect(try ForwardProxy.stats(proxy).forwarded == ["GET http://127.0.0.1:\(server.port)/length?a=%2F"])
    }

    @Test func httpsGoesThroughACONNECTTunnelWithProxyCredentials() async throws {
        let directory = try makeTemporaryDirectory("tls")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try BackgroundService(script: "http_server.py", arguments: ["--tls-dir", directory])
        let proxy = try ForwardProxy.start(user: "alice:s3cr@t")
        let base = "https://localhost:\(server.port)"
        let authorized = SocketTransport(
            caBundle: directory + "/cert.pem",
            proxies: try settings(["HTTPS_PROXY": "http://alice:s3cr%40t@127.0.0.1:\(proxy.port)"]))
        #expect(text(try await get("/chunked", authorized, base: base)) == "hello, world")
        #expect(try ForwardProxy.stats(proxy).connects == ["localhost:\(server.port)"])

        let wrong = SocketTransport(
            caBundle: directory + "/cert.pem",
            proxies: try settings(["https_proxy": "http://alice:wrong-password@127.0.0.1:\(proxy.port)"]))
        let error = try await #require(throws: TransportError.self) { try await get("/length", wrong, base: base) }
        #expect(error.kind == .connectionFailed)
        #expect(
            error.message
                == "proxy http://127.0.0.1:\(proxy.port) gave no tunnel to localhost:\(server.port): HTTP 407 "
                + "(the proxy wants credentials: http://user:password@host:port)")
        #expect(!error.message.contains("wrong-password"))
        #expect(try ForwardProxy.stats(proxy).rejected == 1)
    }

    @Test func noProxyHostsAreReachedDirectly() async throws {
        let proxy = try ForwardProxy.start()
        let transport = SocketTransport(
            proxies: try settings([
                "http_proxy": "http://127.0.0.1:\(proxy.port)", "no_proxy": "example.com, 127.0.0.1",
            ]))
        #expect(text(try await get("/length", transport)) == "length-ok")
        #expect(try ForwardProxy.stats(proxy).forwarded.isEmpty)
    }

    @Test func anUnreachableProxyIsNamed() async throws {
        let port = try freePort()
        let transport = SocketTransport(proxies: try settings(["http_proxy": "http://127.0.0.1:\(port)"]))
        let error = try await #require(throws: TransportError.self) { try await get("/length", transport) }
        #expect(error.kind == .connectionFailed)
        #expect(
            error.message.hasPrefix("cannot use the proxy http://127.0.0.1:\(port) (from https_proxy/http_proxy): "))
    }

    @Test func proxyVariablesAreReadLikeCurl() throws {
        let both = try settings([
            "http_proxy": "http://lower:3128", "HTTP_PROXY": "http://upper:3128", "HTTPS_PROXY": "proxy.corp",
            "NO_PROXY": ".internal, *.corp.example, metadata:8080, [::1]",
        ])
        #expect(both.http?.description == "http://lower:3128")
        #expect(both.https?.description == "http://proxy.corp:80")
        let secure = { (host: String, port: Int) in both.proxy(for: Endpoint(tls: true, host: host, port: port)) }
        #expect(secure("iam.amazonaws.com", 443) != nil)
        #expect(secure("a.internal", 443) == nil)
        #expect(secure("internal", 443) == nil)
        #expect(secure("x.corp.example", 443) == nil)
        #expect(secure("notinternal", 443) != nil)
        #expect(secure("metadata", 8080) == nil)
        #expect(secure("metadata", 443) != nil)
        #expect(secure("::1", 443) == nil)
        let bracketed = try settings(["https_proxy": "p:1", "no_proxy": "[::1]:8443, trailing.example."])
        #expect(bracketed.proxy(for: Endpoint(tls: true, host: "::1", port: 8443)) == nil)
        #expect(bracketed.proxy(for: Endpoint(tls: true, host: "::1", port: 443)) != nil)
        #expect(bracketed.proxy(for: Endpoint(tls: true, host: "a.trailing.example", port: 443)) == nil)
        // In a CGI request, upper-case HTTP_PROXY may come from a client's Proxy: header: ignored.
        #expect(try settings(["HTTP_PROXY": "http://evil:1", "REQUEST_METHOD": "GET"]).http == nil)
        #expect(try settings(["http_proxy": "http://good:1", "REQUEST_METHOD": "GET"]).http != nil)
        #expect(
            try settings(["no_proxy": "*", "https_proxy": "p:1"]).proxy(for: Endpoint(tls: true, host: "h", port: 1))
                == nil)
        #expect(try settings([:]) == ProxySettings.direct)

        #expect(
            throws: ProxySettings.InvalidProxy(
                variable: "https_proxy",
                message:
                    "only http:// proxies are supported (HTTPS to AWS still goes through them, end to end), not socks5://"
            )
        ) { try settings(["https_proxy": "socks5://p:1080"]) }
        let malformed = #expect(throws: ProxySettings.InvalidProxy.self) {
            try settings(["HTTP_PROXY": "http://user:pw@"])
        }
        #expect(malformed?.description == "HTTP_PROXY: 'http://user:***@' is not a proxy URL")
        let token = #expect(throws: ProxySettings.InvalidProxy.self) {
            try settings(["https_proxy": "http://SECRETTOKEN@proxy:port"])
        }
        #expect(token?.description == "https_proxy: 'http://***@proxy:port' is not a proxy URL")
    }

    @Test func parserHandlesAnswersSplitAtEveryByte() throws {
        let raw = Array(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nx-a: 2\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                .utf8)
        var parser = HTTPResponseParser()
        var result: HTTPResponse?
        for (index, byte) in raw.enumerated() {
            result = try parser.feed([byte])
            if index < raw.count - 1 { #expect(result == nil) }
        }
        let response = try #require(result)
        #expect(response.status == 200)
        #expect(response.headers["x-a"] == "1, 2")
        #expect(String(decoding: response.body, as: UTF8.self) == "abc")
        #expect(parser.keepAlive)
    }

    @Test func parserFramingEdgeCases() throws {
        // Both framings: chunked wins and the connection is not reused.
        var both = HTTPResponseParser()
        let mixed = try both.feed(
            Array(
                "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n".utf8))
        #expect(mixed.map { String(decoding: $0.body, as: UTF8.self) } == "ok")
        #expect(!both.keepAlive)
        // A spaced header name and a repeated identical length still frame the body.
        var spaced = HTTPResponseParser()
        let body = try spaced.feed(Array("HTTP/1.1 200 OK\r\nContent-Length : 3, 3\r\n\r\nabc".utf8))
        #expect(body.map { String(decoding: $0.body, as: UTF8.self) } == "abc")
        #expect(spaced.keepAlive)
        // Bytes after a body-less answer: the connection is not reused.
        var extra = HTTPResponseParser()
        _ = try extra.feed(Array("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK".utf8))
        #expect(!extra.keepAlive)
    }

    @Test func parserRefusesAnAnswerLargerThanItsLimit() throws {
        var parser = HTTPResponseParser(maximumSize: 2 * 1024 * 1024)
        #expect(try parser.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)) == nil)
        let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: 65, count: 0x100000) + Array("\r\n".utf8)
        #expect(try parser.feed(chunk) == nil)
        let error = #expect(throws: HTTPResponseParser.Malformed.self) { try parser.feed(chunk) }
        #expect(error?.reason == "answer larger than 2 MiB")
    }

    @Test func parserRejectsMalformedAnswers() {
        for raw in [
            "HTTP/2 200\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5, 10\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        ] {
            var parser = HTTPResponseParser()
            #expect(throws: HTTPResponseParser.Malformed.self, "\(raw)") { try parser.feed(Array(raw.utf8)) }
        }
        for size in ["zz", "-1", "7FFFFFFFFFFFFFFF", "1FFFFFFFFFFFFFFFFFFF"] {
            var parser = HTTPResponseParser()
            #expect(throws: HTTPResponseParser.Malformed.self, "\(size)") {
                try parser.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\n".utf8))
            }
        }
    }
}

/// A loopback port nobody listens on (bound, then released).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw TestSupportError("cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
