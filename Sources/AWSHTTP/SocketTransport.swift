import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Our HTTP/1.1 client: POSIX sockets, TLS through the system's OpenSSL (loaded on first use, see
/// `TLSLibrary`), keep-alive connections pooled per endpoint so an audit sends its requests over a few
/// connections. It replaces FoundationNetworking's `URLSession`, which links libcurl and some 25 shared
/// libraries into every process (9 ms of start-up before `main`), and which resends a kept-alive POST
/// without its body when the server has closed the connection.
///
/// Each request runs its blocking socket calls on a thread of its own, so a slow answer never holds a
/// thread of Swift's cooperative pool. Only idempotent requests (GET, HEAD, OPTIONS) without
/// `Connection: close` reuse an idle connection; one that fails there before any byte of the answer
/// arrives (the server closed the idle connection) is sent again on a new connection. Any other
/// request gets a new connection of its own, so it is never sent twice.
public final class SocketTransport: HTTPTransport {
    private let timeout: TimeInterval
    private let deadline: TimeInterval
    private let maxIdlePerEndpoint: Int
    private let caBundle: String?
    private let proxies: ProxySettings
    private let idle = Locked<[Endpoint: [Connection]]>([:])
    private let tlsContext = Locked<TLSContext?>(nil)

    /// `timeout` bounds connecting and each wait for data; `deadline` bounds a whole request: connecting,
    /// sending and reading the entire answer (a server that drips a byte at a time, or keeps sending
    /// interim answers, meets it). `caBundle` (a PEM file) holds the certificates to trust instead of
    /// the system's (`AWS_CA_BUNDLE`, `ca_bundle`). `proxies`: see `ProxySettings` (`AWSSession` reads
    /// them from the environment).
    public init(
        timeout: TimeInterval = 30, deadline: TimeInterval = SocketTransport.defaultDeadline,
        maxIdlePerEndpoint: Int = 8, caBundle: String? = nil, proxies: ProxySettings = .direct
    ) {
        self.timeout = timeout
        self.deadline = deadline
        self.maxIdlePerEndpoint = maxIdlePerEndpoint
        self.caBundle = caBundle
        self.proxies = proxies
        // A write to a connection the peer has closed must fail with EPIPE, not end the process
        // (OpenSSL writes with write(2), which has no MSG_NOSIGNAL).
        Self.ignoreSIGPIPE
    }

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// 60 s, or `MFAGUARD_REQUEST_DEADLINE` (seconds, 1 to 3600) — tests use a short one.
    public static var defaultDeadline: TimeInterval {
        guard let text = getenv("MFAGUARD_REQUEST_DEADLINE").map({ String(cString: $0) }),
            let seconds = Double(text), (1...3600).contains(seconds)
        else { return 60 }
        return seconds
    }

    deinit {
        for connection in idle.current.values.joined() { connection.close() }
    }

    /// Sends `request` on a thread of its own and waits for the answer without holding a pool thread.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            let started = Self.detachThread { continuation.resume(returning: self.sendBlocking(request)) }
            if let failure = started {
                continuation.resume(
                    returning: .failure(
                        TransportError(
                            kind: .connectionFailed, message: "cannot start a thread for the request: \(failure)")))
            }
        }
        return try result.get()
    }

    private final class ThreadWork {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Runs `body` on a new detached thread (512 KiB of stack); the reason when the thread cannot be made
    /// (Foundation's `Thread.start` ignores that failure, and the request would wait forever).
    private static func detachThread(_ body: @escaping @Sendable () -> Void) -> String? {
        let work = Unmanaged.passRetained(ThreadWork(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 512 * 1024)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadWork>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, work)
        guard status == 0 else {
            Unmanaged<ThreadWork>.fromOpaque(work).release()
            return String(cString: strerror(status))
        }
        return nil
    }

    /// Sends `request` and waits for its answer on the calling thread.
    public func sendBlocking(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
        let expiry = Expiry(seconds: deadline)
        let target: Target
        do {
            target = try Target(request.url)
        } catch {
            return .failure(error)
        }
        let proxy = proxies.proxy(for: target.endpoint)
        let head: [UInt8]
        do {
            head = try Self.serializeHead(request, target: target, proxy: target.endpoint.tls ? nil : proxy)
        } catch {
            return .failure(error)
        }
        let idempotent = ["GET", "HEAD", "OPTIONS"].contains(request.method)
        let wantsClose = request.headers.contains {
            $0.name.lowercased() == "connection" && $0.value.lowercased() == "close"
        }
        while true {
            // A request that is not safe to repeat, or that closes its connection, gets a new one: it must
            // never land on an idle connection the server may be closing.
            let reused = idempotent && !wantsClose ? takeIdle(target.endpoint) : nil
            let connection: Connection
            if let reused {
                connection = reused
            } else {
                do {
                    let context = target.endpoint.tls ? try context() : nil
                    connection = try Connection.open(
                        target.endpoint, tls: context, proxy: proxy, timeout: expiry.bound(timeout))
                } catch {
                    return .failure(error)
                }
            }
            switch exchange(
                connection, head: head, body: request.body, method: request.method, target: target, expiry: expiry)
            {
            case .success(let (response, keepAlive)):
                if keepAlive && !wantsClose {
                    putIdle(connection, target.endpoint)
                } else {
                    connection.close()
                }
                return .success(response)
            case .failure(let failure):
                connection.close()
                if reused != nil && !failure.receivedBytes && idempotent { continue }
                return .failure(failure.error)
            }
        }
    }

    /// The TLS context, made on the first HTTPS connection (which loads OpenSSL).
    private func context() throws(TransportError) -> TLSContext {
        if let existing = tlsContext.current { return existing }
        let made = try TLSLibrary.shared().makeContext(caBundle: caBundle)
        return tlsContext.withLock { current in
            if let current { return current }
            current = made
            return made
        }
    }

    private struct ExchangeFailure: Error {
        var error: TransportError
        var receivedBytes: Bool
    }

    private func exchange(
        _ connection: Connection, head: [UInt8], body: [UInt8], method: String, target: Target, expiry: Expiry
    ) -> Result<(HTTPResponse, Bool), ExchangeFailure> {
        let name = target.endpoint.description
        let pastDeadline = { (received: Bool) in
            ExchangeFailure(
                error: TransportError(
                    kind: .outcomeUnknown,
                    message:
                        "no complete answer from \(name) within \(Self.seconds(self.deadline)) s (the request deadline)"
                ),
                receivedBytes: received)
        }
        guard expiry.remaining > 0 else { return .failure(pastDeadline(false)) }
        connection.setTimeouts(expiry.bound(timeout))
        do {
            try connection.write(head + body)
        } catch {
            return .failure(
                ExchangeFailure(
                    error: TransportError(
                        kind: .outcomeUnknown, message: "connection to \(name) broke while sending: \(error.message)"),
                    receivedBytes: false))
        }
        var parser = HTTPResponseParser(expectsBody: method != "HEAD")
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var received = false
        while true {
            // Each wait is bounded by the per-wait timeout and by what is left of the request's deadline.
            let remaining = expiry.remaining
            guard remaining > 0 else { return .failure(pastDeadline(received)) }
            connection.setTimeouts(min(timeout, remaining))
            let read = buffer.withUnsafeMutableBytes { connection.read(into: $0) }
            switch read {
            case .bytes(let count):
                received = true
                do {
                    if let response = try parser.feed(buffer[0..<count]) {
                        return .success((response, parser.keepAlive))
                    }
                } catch {
                    return .failure(
                        ExchangeFailure(
                            error: TransportError(
                                kind: .outcomeUnknown, message: "malformed HTTP answer from \(name): \(error.reason)"),
                            receivedBytes: true))
                }
            case .closed:
                if let response = parser.finishAtEOF() { return .success((response, false)) }
                let message =
                    received
                    ? "connection to \(name) closed before the answer was complete"
                    : "connection to \(name) closed without an answer"
                return .failure(
                    ExchangeFailure(
                        error: TransportError(kind: .outcomeUnknown, message: message), receivedBytes: received))
            case .timedOut:
                if expiry.remaining <= 0 { return .failure(pastDeadline(received)) }
                return .failure(
                    ExchangeFailure(
                        error: TransportError(
                            kind: .outcomeUnknown,
                            message: "request to \(name) timed out after \(Int(timeout)) s without an answer"),
                        receivedBytes: received))
            case .failed(let reason):
                return .failure(
                    ExchangeFailure(
                        error: TransportError(
                            kind: .outcomeUnknown, message: "connection to \(name) failed: \(reason)"),
                        receivedBytes: received))
            }
        }
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private func takeIdle(_ endpoint: Endpoint) -> Connection? {
        while let connection = idle.withLock({ $0[endpoint]?.popLast() }) {
            if connection.isReusable { return connection }
            connection.close()
        }
        return nil
    }

    private func putIdle(_ connection: Connection, _ endpoint: Endpoint) {
        let kept = idle.withLock { pool -> Bool in
            guard pool[endpoint, default: []].count < maxIdlePerEndpoint else { return false }
            pool[endpoint, default: []].append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// `proxy`: a plain-HTTP request through a proxy goes in absolute form, with the proxy's credentials.
    /// - Throws: for a header with CR, LF or NUL in its name or value (it would split the request).
    static func serializeHead(_ request: HTTPRequest, target: Target, proxy: ProxySettings.Proxy? = nil)
        throws(TransportError) -> [UInt8]
    {
        for header in request.headers
        where (header.name + header.value).utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            throw TransportError(
                kind: .connectionFailed,
                message: "refusing to send header \(header.name): it contains a line break or NUL")
        }
        let requestTarget = proxy == nil ? target.requestTarget : "http://\(target.hostHeader)\(target.requestTarget)"
        var head = "\(request.method) \(requestTarget) HTTP/1.1\r\n"
        let names = Set(request.headers.map { $0.name.lowercased() })
        if !names.contains("host") { head += "Host: \(target.hostHeader)\r\n" }
        if let authorization = proxy?.authorization { head += "Proxy-Authorization: \(authorization)\r\n" }
        for header in request.headers { head += "\(header.name): \(header.value)\r\n" }
        if !names.contains("content-length") && (!request.body.isEmpty || ["POST", "PUT"].contains(request.method)) {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }
}

/// Where a connection goes.
struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    var tls: Bool
    var host: String
    var port: Int

    var description: String { "\(host):\(port)" }
}

/// The parts of a request URL the transport needs.
struct Target: Sendable {
    var endpoint: Endpoint
    /// Path and query exactly as percent-encoded in the URL (the signature covers them).
    var requestTarget: String
    var hostHeader: String

    init(_ url: URL) throws(TransportError) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw TransportError(
                kind: .connectionFailed, message: "\(url.absoluteString) is not an http:// or https:// URL with a host")
        }
        let tls = scheme == "https"
        let port = components.port ?? (tls ? 443 : 80)
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        endpoint = Endpoint(tls: tls, host: bareHost, port: port)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
        let hostInHeader = bareHost.contains(":") ? "[\(bareHost)]" : bareHost
        hostHeader = components.port == nil || port == (tls ? 443 : 80) ? hostInHeader : "\(hostInHeader):\(port)"
    }
}

/// One TCP (and maybe TLS) connection, used by one request at a time.
final class Connection: @unchecked Sendable {
    private let fd: Int32
    private let tls: (library: TLSLibrary, session: TLSLibrary.SSLPointer)?
    private var closed = false

    private init(fd: Int32, tls: (library: TLSLibrary, session: TLSLibrary.SSLPointer)?) {
        self.fd = fd
        self.tls = tls
    }

    /// Connects to `endpoint`, directly or through `proxy` (a `CONNECT` tunnel for TLS), then runs the
    /// TLS handshake with `endpoint` when `context` is given.
    static func open(
        _ endpoint: Endpoint, tls context: TLSContext?, proxy: ProxySettings.Proxy?, timeout: TimeInterval
    ) throws(TransportError) -> Connection {
        let fd: Int32
        if let proxy {
            let proxyEndpoint = Endpoint(tls: false, host: proxy.host, port: proxy.port)
            do {
                fd = try connectSocket(proxyEndpoint, timeout: timeout)
            } catch {
                throw TransportError(
                    kind: .connectionFailed,
                    message: "cannot use the proxy \(proxy) (from https_proxy/http_proxy): \(error.message)")
            }
        } else {
            fd = try connectSocket(endpoint, timeout: timeout)
        }
        guard let context else { return Connection(fd: fd, tls: nil) }
        do {
            if let proxy { try tunnel(fd, to: endpoint, through: proxy) }
            let session = try context.library.connect(context, fd: fd, host: endpoint.host)
            return Connection(fd: fd, tls: (context.library, session))
        } catch {
            _ = systemClose(fd)
            throw error
        }
    }

    /// Asks the proxy for a tunnel to `endpoint` (`CONNECT host:port`), which then carries TLS end to end.
    private static func tunnel(_ fd: Int32, to endpoint: Endpoint, through proxy: ProxySettings.Proxy)
        throws(TransportError)
    {
        let authority = endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : endpoint.description
        var request = "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n"
        if let authorization = proxy.authorization { request += "Proxy-Authorization: \(authorization)\r\n" }
        request += "\r\n"
        let failed = { (reason: String) in
            TransportError(kind: .connectionFailed, message: "proxy \(proxy) gave no tunnel to \(authority): \(reason)")
        }
        let bytes = Array(request.utf8)
        let sent = bytes.withUnsafeBytes { systemSend(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw failed(String(cString: strerror(errno))) }
        // The answer is read a byte at a time: nothing of the TLS stream after it may be consumed here.
        var parser = HTTPResponseParser(expectsBody: false)
        var byte: UInt8 = 0
        while true {
            let count = recv(fd, &byte, 1, 0)
            guard count == 1 else {
                throw failed(count == 0 ? "the proxy closed the connection" : String(cString: strerror(errno)))
            }
            let response: HTTPResponse?
            do {
                response = try parser.feed(CollectionOfOne(byte))
            } catch {
                throw failed("malformed answer (\(error.reason))")
            }
            guard let response else { continue }
            guard response.status == 200 else {
                let hint =
                    response.status == 407 ? " (the proxy wants credentials: http://user:password@host:port)" : ""
                throw failed("HTTP \(response.status)\(hint)")
            }
            return
        }
    }

    /// Resolves the host and connects to the first address that answers within `timeout`.
    private static func connectSocket(_ endpoint: Endpoint, timeout: TimeInterval) throws(TransportError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            throw TransportError(kind: .connectionFailed, message: "cannot resolve \(endpoint.host): \(reason)")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            // Close-on-exec from the start: a program started at this moment (a credential_process)
            // must not keep the connection open.
            let fd = socket(
                info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            if let error = connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout) {
                lastError = error
                _ = systemClose(fd)
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            setTimeouts(fd, timeout)
            return fd
        }
        throw TransportError(kind: .connectionFailed, message: "cannot connect to \(endpoint): \(lastError)")
    }

    /// A non-blocking connect bounded by `timeout`; nil on success, else the reason.
    private static func connect(
        _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: TimeInterval
    ) -> String? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if systemConnect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(min(timeout, 86400) * 1000))
        if ready == 0 { return "timed out after \(Int(timeout)) s" }
        if ready < 0 { return String(cString: strerror(errno)) }
        var socketError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &size)
        return socketError == 0 ? nil : String(cString: strerror(socketError))
    }

    /// An idle connection can carry another request unless the server closed it (or sent something
    /// unasked): then the socket is readable.
    var isReusable: Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) == 0
    }

    /// Bounds each later send and receive (the TLS layer reads and writes the same socket).
    func setTimeouts(_ seconds: TimeInterval) {
        Self.setTimeouts(fd, seconds)
    }

    fileprivate static func setTimeouts(_ fd: Int32, _ seconds: TimeInterval) {
        // At least 1 ms: a zero timeval would mean "wait forever".
        let bounded = max(0.001, seconds)
        var limit = timeval(tv_sec: Int(bounded), tv_usec: Int((bounded - bounded.rounded(.down)) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { all in
                let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                if let tls { return tls.library.write(tls.session, rest) }
                let count = systemSend(fd, rest.baseAddress, rest.count, Int32(MSG_NOSIGNAL))
                return Self.classify(count)
            }
            switch result {
            case .bytes(let count): offset += count
            case .closed: throw TransportError(kind: .outcomeUnknown, message: "the server closed the connection")
            case .timedOut: throw TransportError(kind: .outcomeUnknown, message: "timed out")
            case .failed(let reason): throw TransportError(kind: .outcomeUnknown, message: reason)
            }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSLibrary.IOResult {
        if let tls { return tls.library.read(tls.session, into: buffer) }
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            return Self.classify(count)
        }
    }

    private static func classify(_ count: Int) -> TLSLibrary.IOResult {
        if count > 0 { return .bytes(count) }
        if count == 0 { return .closed }
        if errno == EAGAIN || errno == EWOULDBLOCK { return .timedOut }
        if errno == ECONNRESET || errno == EPIPE { return .closed }
        return .failed(String(cString: strerror(errno)))
    }

    func close() {
        guard !closed else { return }
        closed = true
        if let tls { tls.library.close(tls.session) }
        _ = systemClose(fd)
    }

    deinit { close() }
}

// File-scope wrappers, so the C library's close/connect/send are not shadowed by `Connection`'s methods.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

private func systemConnect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    send(fd, bytes, count, flags)
}
