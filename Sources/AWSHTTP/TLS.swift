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

    /// The sonames of the two OpenSSL versions this code is written for, newest first, and nothing else:
    /// not the unversioned `libssl.so` (a development symlink that may point at any version, whose ABI
    /// these function types may not match) and no absolute path (the dynamic loader's own search, with
    /// its cache and `LD_LIBRARY_PATH`, decides where the library is). libcrypto is not opened by name:
    /// libssl needs it, so the loader brings in the matching one, and `dlsym` on libssl's handle finds
    /// its symbols (`ERR_get_error`, `X509_verify_cert_error_string`) through libssl's dependencies.
    static let sonames = ["libssl.so.3", "libssl.so.1.1"]

    /// The soname that was loaded (one of `sonames`).
    let soname: String

    private init() throws(TransportError) {
        guard
            let (soname, handle) = Self.sonames.lazy.compactMap({ name in
                dlopen(name, RTLD_NOW | RTLD_LOCAL).map { (name, $0) }
            }).first
        else {
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
        self.soname = soname
        // Options 0: OpenSSL's defaults (load the error strings, configure from openssl.cnf).
        _ = initSSL(0, nil)
    }

    /// A client context: peer verification against the system's trust store, plus the certificates of
    /// `caBundle` (a PEM file) when given.
    func makeContext(caBundle: String?) throws(TransportError) -> TLSContext {
        guard let ctx = ctxNew(clientMethod()) else {
            throw TransportError(kind: .connectionFailed, message: "OpenSSL could not create a TLS context")
        }
        // SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) is a macro over SSL_CTX_ctrl.
        _ = ctxCtrl(ctx, OpenSSL.SSL_CTRL_SET_MIN_PROTO_VERSION, OpenSSL.TLS1_2_VERSION, nil)
        // SSL_OP_IGNORE_UNEXPECTED_EOF (OpenSSL 3 only; 1.1 has no such option): a peer that closes
        // without close_notify ends the stream like a plain EOF; HTTP framing (Content-Length, chunks)
        // tells whether it was complete.
        if soname == "libssl.so.3" { _ = ctxSetOptions?(ctx, OpenSSL.SSL_OP_IGNORE_UNEXPECTED_EOF) }
        ctxSetVerify(ctx, OpenSSL.SSL_VERIFY_PEER, nil)
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
            // SSL_set_tlsext_host_name(ssl, host), a macro over SSL_ctrl: the name sent as SNI.
            _ = host.withCString {
                sslCtrl(
                    ssl, OpenSSL.SSL_CTRL_SET_TLSEXT_HOSTNAME, OpenSSL.TLSEXT_NAMETYPE_host_name,
                    UnsafeMutableRawPointer(mutating: $0))
            }
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
            if verify != OpenSSL.X509_V_OK, let text = verifyErrorString(verify) {
                reason = "certificate verify failed: " + String(cString: text)
            } else if kind == OpenSSL.SSL_ERROR_SYSCALL && reason == "unknown TLS error" {
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
        case OpenSSL.SSL_ERROR_ZERO_RETURN: return .closed
        // On a socket with a timeout: the wait for data (or room to write) ran out.
        case OpenSSL.SSL_ERROR_WANT_READ, OpenSSL.SSL_ERROR_WANT_WRITE: return .timedOut
        case OpenSSL.SSL_ERROR_SYSCALL:
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

/// The OpenSSL constants this file passes or compares, named as OpenSSL's headers name them (they are
/// C macros, which a `dlopen`ed library does not carry). Values from OpenSSL 3.0's headers; those that
/// exist in 1.1.1 have the same values there.
enum OpenSSL {
    /// ssl.h: the `SSL_CTX_ctrl` command behind `SSL_CTX_set_min_proto_version`.
    static let SSL_CTRL_SET_MIN_PROTO_VERSION: Int32 = 123
    /// ssl.h: the `SSL_ctrl` command behind `SSL_set_tlsext_host_name` (SNI).
    static let SSL_CTRL_SET_TLSEXT_HOSTNAME: Int32 = 55
    /// tls1.h: the name type of `SSL_set_tlsext_host_name` (a DNS host name).
    static let TLSEXT_NAMETYPE_host_name = 0
    /// prov_ssl.h (tls1.h in 1.1.1): the protocol version number of TLS 1.2.
    static let TLS1_2_VERSION = 0x0303
    /// ssl.h: `SSL_OP_BIT(7)`, OpenSSL 3.0 and later.
    static let SSL_OP_IGNORE_UNEXPECTED_EOF: UInt64 = 1 << 7
    /// ssl.h: verify the server's certificate (a failed check fails the handshake).
    static let SSL_VERIFY_PEER: Int32 = 0x01
    /// ssl.h, `SSL_get_error` results: more data must be read before the call can complete.
    static let SSL_ERROR_WANT_READ: Int32 = 2
    /// ssl.h: more data must be written before the call can complete.
    static let SSL_ERROR_WANT_WRITE: Int32 = 3
    /// ssl.h: an I/O error (`errno` tells) or, with errno 0, an EOF that broke the protocol.
    static let SSL_ERROR_SYSCALL: Int32 = 5
    /// ssl.h: the peer closed the TLS connection cleanly (close_notify).
    static let SSL_ERROR_ZERO_RETURN: Int32 = 6
    /// x509_vfy.h: `SSL_get_verify_result` when the certificate checked out.
    static let X509_V_OK = 0
}
