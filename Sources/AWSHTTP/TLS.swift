import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// TLS through the system's OpenSSL (libssl 3 or 1.1), loaded with `dlopen` the first time an HTTPS
/// connection is made. Why not link it: a process that never opens an HTTPS connection (`mfaguard totp`,
/// `--version`, a warm `credential-process`, every test against the local emulator) then never pays for
/// loading it, and the binary carries no build-time dependency on OpenSSL headers.
///
/// Certificates are verified against the system's trust store (`SSL_CERT_FILE` and `SSL_CERT_DIR` are
/// honoured by OpenSSL), or only against a CA bundle when one is configured (`AWS_CA_BUNDLE` or
/// `ca_bundle`, as the AWS CLI does); the host name is checked against the certificate and sent as SNI. TLS 1.2 is the
/// lowest version accepted.
final class TLSLibrary: @unchecked Sendable {
    typealias SSLPointer = OpaquePointer

    // Function pointers, immutable after `init`.
    private let ctxNew: @convention(c) (OpaquePointer?) -> OpaquePointer?
    private let clientMethod: @convention(c) () -> OpaquePointer?
    private let ctxCtrl: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    private let ctxSetVerify: @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    private let ctxDefaultPaths: @convention(c) (OpaquePointer?) -> Int32
    private let ctxLoadLocations: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    private let ctxFree: @convention(c) (OpaquePointer?) -> Void
    private let ctxSetOptions: (@convention(c) (OpaquePointer?, UInt64) -> UInt64)?
    private let sslNew: @convention(c) (OpaquePointer?) -> OpaquePointer?
    private let sslFree: @convention(c) (OpaquePointer?) -> Void
    private let sslSetFd: @convention(c) (OpaquePointer?, Int32) -> Int32
    private let sslCtrl: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    private let sslSet1Host: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    private let sslConnect: @convention(c) (OpaquePointer?) -> Int32
    private let sslRead: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    private let sslWrite: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    private let sslGetError: @convention(c) (OpaquePointer?, Int32) -> Int32
    private let sslShutdown: @convention(c) (OpaquePointer?) -> Int32
    private let sslGetVerifyResult: @convention(c) (OpaquePointer?) -> Int
    private let errGetError: @convention(c) () -> UInt
    private let errErrorString: @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    private let verifyErrorString: @convention(c) (Int) -> UnsafePointer<CChar>?

    /// The library, loaded and configured once per process; a failure is remembered and reported again.
    static func shared() throws(TransportError) -> TLSLibrary {
        try loaded.get()
    }

    private static let loaded: Result<TLSLibrary, TransportError> = Result(catching: {
        () throws(TransportError) -> TLSLibrary in
        try TLSLibrary()
    })

    private static let candidates = [
        "libssl.so.3", "libssl.so.1.1", "libssl.so", "/usr/lib/x86_64-linux-gnu/libssl.so.3",
        "/usr/lib/aarch64-linux-gnu/libssl.so.3", "libssl.3.dylib",
    ]

    private init() throws(TransportError) {
        guard let handle = Self.candidates.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            throw TransportError(
                kind: .connectionFailed,
                message: "HTTPS needs OpenSSL (libssl.so.3 or libssl.so.1.1), which could not be loaded; "
                    + "install the libssl3 package")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(TransportError) -> T {
            guard let pointer = dlsym(handle, name) else {
                throw TransportError(
                    kind: .connectionFailed,
                    message: "the loaded OpenSSL library has no \(name); OpenSSL 1.1 or 3 is needed")
            }
            return unsafeBitCast(pointer, to: type)
        }
        typealias CtxFunction = @convention(c) (OpaquePointer?) -> Int32
        let initSSL = try symbol(
            "OPENSSL_init_ssl", as: (@convention(c) (UInt64, OpaquePointer?) -> Int32).self)
        let clientMethod = try symbol("TLS_client_method", as: (@convention(c) () -> OpaquePointer?).self)
        let ctxNew = try symbol("SSL_CTX_new", as: (@convention(c) (OpaquePointer?) -> OpaquePointer?).self)
        let ctxCtrl = try symbol(
            "SSL_CTX_ctrl", as: (@convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int).self)
        let ctxSetVerify = try symbol(
            "SSL_CTX_set_verify", as: (@convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void).self)
        let ctxDefaultPaths = try symbol("SSL_CTX_set_default_verify_paths", as: CtxFunction.self)
        let ctxLoadLocations = try symbol(
            "SSL_CTX_load_verify_locations",
            as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32).self)
        sslNew = try symbol("SSL_new", as: (@convention(c) (OpaquePointer?) -> OpaquePointer?).self)
        sslFree = try symbol("SSL_free", as: (@convention(c) (OpaquePointer?) -> Void).self)
        sslSetFd = try symbol("SSL_set_fd", as: (@convention(c) (OpaquePointer?, Int32) -> Int32).self)
        sslCtrl = try symbol(
            "SSL_ctrl", as: (@convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int).self)
        sslSet1Host = try symbol(
            "SSL_set1_host", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32).self)
        sslConnect = try symbol("SSL_connect", as: CtxFunction.self)
        sslRead = try symbol(
            "SSL_read", as: (@convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32).self)
        sslWrite = try symbol(
            "SSL_write", as: (@convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32).self)
        sslGetError = try symbol("SSL_get_error", as: (@convention(c) (OpaquePointer?, Int32) -> Int32).self)
        sslShutdown = try symbol("SSL_shutdown", as: CtxFunction.self)
        sslGetVerifyResult = try symbol("SSL_get_verify_result", as: (@convention(c) (OpaquePointer?) -> Int).self)
        errGetError = try symbol("ERR_get_error", as: (@convention(c) () -> UInt).self)
        errErrorString = try symbol(
            "ERR_error_string_n", as: (@convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void).self)
        verifyErrorString = try symbol(
            "X509_verify_cert_error_string", as: (@convention(c) (Int) -> UnsafePointer<CChar>?).self)

        self.ctxNew = ctxNew
        self.clientMethod = clientMethod
        self.ctxCtrl = ctxCtrl
        self.ctxSetVerify = ctxSetVerify
        self.ctxDefaultPaths = ctxDefaultPaths
        self.ctxLoadLocations = ctxLoadLocations
        self.ctxFree = try symbol("SSL_CTX_free", as: (@convention(c) (OpaquePointer?) -> Void).self)
        self.ctxSetOptions = dlsym(handle, "SSL_CTX_set_options").map {
            unsafeBitCast($0, to: (@convention(c) (OpaquePointer?, UInt64) -> UInt64).self)
        }
        _ = initSSL(0, nil)
    }

    /// A client context: peer verification against the system's trust store, plus the certificates of
    /// `caBundle` (a PEM file) when given.
    func makeContext(caBundle: String?) throws(TransportError) -> TLSContext {
        guard let ctx = ctxNew(clientMethod()) else {
            throw TransportError(kind: .connectionFailed, message: "OpenSSL could not create a TLS context")
        }
        // SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) is a macro over SSL_CTX_ctrl.
        _ = ctxCtrl(ctx, 123, 0x0303, nil)
        // SSL_OP_IGNORE_UNEXPECTED_EOF (OpenSSL 3): a peer that closes without close_notify ends the
        // stream like a plain EOF; HTTP framing (Content-Length, chunks) tells whether it was complete.
        _ = ctxSetOptions?(ctx, 1 << 7)
        ctxSetVerify(ctx, 1, nil)  // SSL_VERIFY_PEER
        // A CA bundle replaces the system's trust store, as for the AWS CLI (botocore's `verify`): whoever
        // pins a private CA does not want every public CA trusted as well.
        if caBundle?.isEmpty ?? true { _ = ctxDefaultPaths(ctx) }
        if let caBundle, !caBundle.isEmpty {
            guard ctxLoadLocations(ctx, caBundle, nil) == 1 else {
                let reason = Self.drainErrors(errGetError, errErrorString)
                ctxFree(ctx)
                throw TransportError(
                    kind: .connectionFailed, message: "cannot load CA certificates from \(caBundle): \(reason)")
            }
        }
        return TLSContext(library: self, ctx: ctx)
    }

    fileprivate func free(context: OpaquePointer) { ctxFree(context) }

    private static func drainErrors(
        _ get: @convention(c) () -> UInt, _ string: @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    ) -> String {
        var messages: [String] = []
        while case let code = get(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            string(code, &buffer, buffer.count)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // "error:0A000086:SSL routines::certificate verify failed" → the part after the last colon.
            messages.append(text.split(separator: ":").last.map(String.init) ?? text)
        }
        return messages.isEmpty ? "unknown TLS error" : messages.joined(separator: "; ")
    }

    /// Runs the handshake on a connected socket; the host name is sent as SNI and checked against the
    /// certificate.
    func connect(_ context: TLSContext, fd: Int32, host: String) throws(TransportError) -> SSLPointer {
        guard let ssl = sslNew(context.ctx) else {
            throw TransportError(kind: .connectionFailed, message: "OpenSSL could not create a TLS session")
        }
        _ = sslSetFd(ssl, fd)
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        if !isAddress {
            _ = host.withCString { sslCtrl(ssl, 55, 0, UnsafeMutableRawPointer(mutating: $0)) }  // SNI
        }
        // Without the expected name OpenSSL would accept any trusted certificate: fail closed.
        guard sslSet1Host(ssl, host) == 1 else {
            sslFree(ssl)
            throw TransportError(
                kind: .connectionFailed, message: "TLS with \(host): OpenSSL cannot check certificates for this name")
        }
        _ = Self.drainErrors(errGetError, errErrorString)  // nothing left over from an earlier failure
        errno = 0
        let result = sslConnect(ssl)
        let savedErrno = errno
        if result != 1 {
            // SSL_get_error reads the error queue: ask it before the queue is drained for the message.
            let kind = sslGetError(ssl, result)
            let verify = sslGetVerifyResult(ssl)
            var reason = Self.drainErrors(errGetError, errErrorString)
            if verify != 0, let text = verifyErrorString(verify) {
                reason = "certificate verify failed: " + String(cString: text)
            } else if kind == 5 /* SSL_ERROR_SYSCALL */ && reason == "unknown TLS error" {
                reason =
                    savedErrno == 0 || savedErrno == EAGAIN
                    ? "the server closed the connection" : String(cString: strerror(savedErrno))
            }
            sslFree(ssl)
            throw TransportError(kind: .connectionFailed, message: "TLS handshake with \(host) failed: \(reason)")
        }
        return ssl
    }

    enum IOResult {
        case bytes(Int)
        case closed
        case timedOut
        case failed(String)
    }

    func read(_ ssl: SSLPointer, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        errno = 0
        let count = sslRead(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        let savedErrno = errno
        if count > 0 { return .bytes(Int(count)) }
        return classify(ssl, count, errno: savedErrno)
    }

    func write(_ ssl: SSLPointer, _ buffer: UnsafeRawBufferPointer) -> IOResult {
        errno = 0
        let count = sslWrite(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        let savedErrno = errno
        if count > 0 { return .bytes(Int(count)) }
        return classify(ssl, count, errno: savedErrno)
    }

    /// `savedErrno`: errno right after the failed call (SSL_get_error may change it).
    private func classify(_ ssl: SSLPointer, _ result: Int32, errno savedErrno: Int32) -> IOResult {
        let code = sslGetError(ssl, result)
        switch code {
        case 6: return .closed  // SSL_ERROR_ZERO_RETURN
        case 2, 3: return .timedOut  // WANT_READ / WANT_WRITE on a socket with a timeout
        case 5:  // SSL_ERROR_SYSCALL
            if savedErrno == EAGAIN || savedErrno == EWOULDBLOCK { return .timedOut }
            if savedErrno == 0 { return .closed }
            return .failed(String(cString: strerror(savedErrno)))
        default:
            return .failed(Self.drainErrors(errGetError, errErrorString))
        }
    }

    func close(_ ssl: SSLPointer) {
        _ = sslShutdown(ssl)
        sslFree(ssl)
    }
}

/// An OpenSSL client context (trust settings), shared by the connections of one transport.
final class TLSContext: @unchecked Sendable {
    let library: TLSLibrary
    fileprivate let ctx: OpaquePointer

    fileprivate init(library: TLSLibrary, ctx: OpaquePointer) {
        self.library = library
        self.ctx = ctx
    }

    deinit { library.free(context: ctx) }
}
