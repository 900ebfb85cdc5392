/// The only way request and response text reaches a log: secrets replaced by `<redacted>`. (A proxy
/// URL's password is masked by `AWSHTTP.ProxySettings`, which alone reads proxy URLs.)
public enum Redaction {
    /// Form parameters and XML elements whose values are secret or one-time codes.
    static let secretNames: Set<String> = [
        "SecretAccessKey", "SessionToken", "Base32StringSeed", "QRCodePNG", "TokenCode", "AuthenticationCode1",
        "AuthenticationCode2", "Password", "NewPassword", "OldPassword", "PrivateKey", "secretAccessKey",
        "sessionToken", "WebIdentityToken", "accessToken", "refreshToken", "clientSecret", "idToken",
    ]

    /// A header value fit for a log (`Authorization` keeps everything but the signature).
    public static func header(_ name: String, _ value: String) -> String {
        switch name.lowercased() {
        case "x-amz-security-token", "x-amz-sso_bearer_token": return "<redacted>"
        case "authorization":
            guard let range = value.range(of: "Signature=") else { return "<redacted>" }
            return value[..<range.upperBound] + "<redacted>"
        default: return value
        }
    }

    /// A form body (`a=b&c=d`) with secret parameters redacted.
    public static func formBody(_ body: String) -> String {
        body.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return secretNames.contains(name) ? "\(name)=<redacted>" : String(pair)
        }.joined(separator: "&")
    }

    /// XML or JSON text with the contents of secret elements/members redacted.
    public static func document(_ text: String) -> String {
        var result = text
        for name in secretNames {
            result = redactBetween(result, open: "<\(name)>", close: "</\(name)>")
            result = redactJSONString(result, key: "\"\(name)\"")
        }
        return result
    }

    private static func redactBetween(_ text: String, open: String, close: String) -> String {
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            result += rest[..<start.upperBound] + "<redacted>"
            rest = rest[end.lowerBound...]
        }
        return result + rest
    }

    private static func redactJSONString(_ text: String, key: String) -> String {
        var result = ""
        var rest = text[...]
        while let keyRange = rest.range(of: key) {
            result += rest[..<keyRange.upperBound]
            rest = rest[keyRange.upperBound...]
            let afterColon = rest.drop { $0 == " " || $0 == ":" }
            guard afterColon.first == "\"" else { continue }
            var index = afterColon.index(after: afterColon.startIndex)
            while index < afterColon.endIndex, afterColon[index] != "\"" {
                if afterColon[index] == "\\" { index = afterColon.index(after: index) }
                if index < afterColon.endIndex { index = afterColon.index(after: index) }
            }
            result += rest[..<afterColon.startIndex] + "\"<redacted>\""
            rest =
                index < afterColon.endIndex
                ? afterColon[afterColon.index(after: index)...] : afterColon[afterColon.endIndex...]
        }
        return result + rest
    }
}
