import Foundation

/// HTTP proxies from the environment, read as the AWS CLI (botocore/urllib3) and curl read them:
/// `https_proxy`/`HTTPS_PROXY` for HTTPS endpoints (a `CONNECT` tunnel, TLS end to end with AWS),
/// `http_proxy`/`HTTP_PROXY` for plain HTTP ones (requests in absolute form), `no_proxy`/`NO_PROXY`
/// for the hosts reached directly. Lower-case names win, as for curl. A proxy URL may carry
/// `user:password@` (sent as `Proxy-Authorization: Basic`, never printed).
public struct ProxySettings: Sendable, Equatable {
    /// One proxy: where it listens and the credentials it wants.
    public struct Proxy: Sendable, Equatable, CustomStringConvertible {
        /// Host name or address (an IPv6 address without brackets).
        public var host: String
        /// TCP port (80 when the URL names none).
        public var port: Int
        /// `Basic …`, from the URL's user and password.
        var authorization: String?

        /// `http://host:port`, without credentials: what messages show.
        public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
    }

    /// A proxy variable (`https_proxy`, …) whose value cannot be used. The message masks any password.
    public struct InvalidProxy: Error, Sendable, Equatable, CustomStringConvertible {
        /// The variable as it was found (`https_proxy` or `HTTPS_PROXY`, …).
        public var variable: String
        /// What is wrong with it.
        public var message: String

        /// An error about `variable`.
        public init(variable: String, message: String) {
            self.variable = variable
            self.message = message
        }

        /// `VARIABLE: message`.
        public var description: String { "\(variable): \(message)" }
    }

    /// The proxy for plain HTTP endpoints (`http_proxy`).
    public var http: Proxy?
    /// The proxy for HTTPS endpoints (`https_proxy`), reached with `CONNECT`.
    public var https: Proxy?
    /// `no_proxy` entries, lower-cased: `*`, host names (matching their subdomains too), addresses,
    /// each optionally with `:port`.
    public var noProxy: [String]

    /// No proxy at all: every connection is direct.
    public static let direct = ProxySettings(http: nil, https: nil, noProxy: [])

    /// Settings given as they are (`noProxy` lower-cased already).
    public init(http: Proxy?, https: Proxy?, noProxy: [String]) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// Reads the variables through `lookup` (the process environment in practice).
    /// - Throws: `InvalidProxy` for a proxy URL that cannot be used.
    public init(lookup: (String) -> String?) throws(InvalidProxy) {
        // Upper-case HTTP_PROXY is ignored in a CGI request (REQUEST_METHOD set), where it could come from
        // a client's `Proxy:` header ("httpoxy"), as Python's urllib (botocore) does.
        let cgi = lookup("REQUEST_METHOD") != nil
        func value(_ name: String) -> (name: String, text: String)? {
            let candidates =
                cgi && name == "http_proxy" ? [name.lowercased()] : [name.lowercased(), name.uppercased()]
            for candidate in candidates {
                if let text = lookup(candidate)?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                    return (candidate, text)
                }
            }
            return nil
        }
        http = try value("http_proxy").map { entry throws(InvalidProxy) in
            try Self.parse(entry.text, variable: entry.name)
        }
        https = try value("https_proxy").map { entry throws(InvalidProxy) in
            try Self.parse(entry.text, variable: entry.name)
        }
        noProxy = (value("no_proxy")?.text ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }.filter { !$0.isEmpty }
    }

    static func parse(_ text: String, variable: String) throws(InvalidProxy) -> Proxy {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw InvalidProxy(variable: variable, message: "'\(Self.masked(text))' is not a proxy URL")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw InvalidProxy(
                variable: variable,
                message: "only http:// proxies are supported (HTTPS to AWS still goes through them, end to end), "
                    + "not \(components.scheme ?? "")://")
        }
        var authorization: String?
        if let user = components.percentEncodedUser {
            let password = components.percentEncodedPassword ?? ""
            let pair = (user.removingPercentEncoding ?? user) + ":" + (password.removingPercentEncoding ?? password)
            authorization = "Basic " + Data(pair.utf8).base64EncodedString()
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return Proxy(host: bare, port: components.port ?? 80, authorization: authorization)
    }

    /// A proxy URL with its password (if any) masked: `http://user:***@host:port`.
    static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        let start = text.range(of: "://")?.upperBound ?? text.startIndex
        let credentials = text[start..<at]
        // `user:password@`: the password goes; a lone `token@` is a secret in itself.
        guard let colon = credentials.firstIndex(of: ":") else { return String(text[..<start]) + "***" + text[at...] }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    /// The proxy for a connection to `endpoint`, or nil to connect directly.
    func proxy(for endpoint: Endpoint) -> Proxy? {
        guard let proxy = endpoint.tls ? https : http else { return nil }
        var host = endpoint.host.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        for entry in noProxy {
            if entry == "*" { return nil }
            var name = entry
            // A port after `host:`, `1.2.3.4:` or `[::1]:`; a bare IPv6 address has several colons and no port.
            let portSeparator =
                entry.hasPrefix("[")
                ? entry.range(of: "]:").map { entry.index(before: $0.upperBound) }
                : (entry.filter { $0 == ":" }.count == 1 ? entry.lastIndex(of: ":") : nil)
            if let colon = portSeparator {
                guard Int(entry[entry.index(after: colon)...]) == endpoint.port else { continue }
                name = String(entry[..<colon])
            }
            name = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
            if name.hasSuffix(".") { name.removeLast() }
            if name.hasPrefix("*.") { name.removeFirst() }
            if name.hasPrefix(".") { name.removeFirst() }
            if host == name || host.hasSuffix("." + name) { return nil }
        }
        return proxy
    }
}
