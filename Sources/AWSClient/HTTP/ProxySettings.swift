import Foundation

/// HTTP proxies from the environment, read as the AWS CLI (botocore/urllib3) and curl read them:
/// `https_proxy`/`HTTPS_PROXY` for HTTPS endpoints (a `CONNECT` tunnel, TLS end to end with AWS),
/// `http_proxy`/`HTTP_PROXY` for plain HTTP ones (requests in absolute form), `no_proxy`/`NO_PROXY`
/// for the hosts reached directly. Lower-case names win, as for curl. A proxy URL may carry
/// `user:password@` (sent as `Proxy-Authorization: Basic`, never printed).
public struct ProxySettings: Sendable, Equatable {
    public struct Proxy: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int
        /// `Basic …`, from the URL's user and password.
        var authorization: String?

        /// `http://host:port`, without credentials: what messages show.
        public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
    }

    public var http: Proxy?
    public var https: Proxy?
    /// `no_proxy` entries, lower-cased: `*`, host names (matching their subdomains too), addresses,
    /// each optionally with `:port`.
    public var noProxy: [String]

    public static let direct = ProxySettings(http: nil, https: nil, noProxy: [])

    public init(http: Proxy?, https: Proxy?, noProxy: [String]) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// Reads the variables through `lookup` (the process environment in practice).
    /// - Throws: `ConfigError.invalidProxy` for a proxy URL that cannot be used.
    public init(lookup: (String) -> String?) throws(ConfigError) {
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
        http = try value("http_proxy").map { entry throws(ConfigError) in
            try Self.parse(entry.text, variable: entry.name)
        }
        https = try value("https_proxy").map { entry throws(ConfigError) in
            try Self.parse(entry.text, variable: entry.name)
        }
        noProxy = (value("no_proxy")?.text ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }.filter { !$0.isEmpty }
    }

    static func parse(_ text: String, variable: String) throws(ConfigError) -> Proxy {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw ConfigError.invalidProxy(
                variable: variable, message: "'\(Redaction.proxyURL(text))' is not a proxy URL")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw ConfigError.invalidProxy(
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
