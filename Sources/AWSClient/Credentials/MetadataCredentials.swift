import AWSConfigFiles
import AWSHTTP
import Foundation
import JSON

/// Credentials served over HTTP by the platform a command runs on, read the way botocore reads them
/// (`botocore/credentials.py`, `ContainerProvider` and `InstanceMetadataProvider`; AWS SDKs and Tools
/// reference guide, "Container credential provider" and "IMDS credential provider"):
///
/// - **container** (ECS task roles, EKS Pod Identity): `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` on
///   `http://169.254.170.2`, or `AWS_CONTAINER_CREDENTIALS_FULL_URI` — HTTPS to any host, plain HTTP
///   only to a loopback address or the ECS/EKS link-local hosts — with `Authorization` from
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every fetch) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`;
/// - **instance metadata** (EC2): IMDSv2 — a session token from `PUT /latest/api/token`, then the role
///   name and its credentials — with a fallback to IMDSv1 only where the token endpoint answers 403, 404
///   or 405 and `AWS_EC2_METADATA_V1_DISABLED`/`ec2_metadata_v1_disabled` is not `true`;
///   `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or
///   `ec2_metadata_service_endpoint`, `…_ENDPOINT_MODE=IPv6`) moves it. One second per attempt and
///   one retry, so a laptop that has no such service is not held up.
///
/// Both go straight to their address, never through `https_proxy`/`http_proxy`: they are link-local or
/// loopback services of the machine itself.
public struct MetadataCredentials: Sendable {
    /// What the two services answer: AWS's documented JSON document.
    let environment: AWSEnvironment
    let config: SharedConfig
    let profile: String

    // MARK: container

    /// Whether the environment names a container credentials endpoint.
    var containerConfigured: Bool {
        environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil
            || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
    }

    /// The task's or pod's credentials. - Throws: `CredentialError` naming the source and what to do.
    func container() async throws -> AWSCredentials {
        let url: URL
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            guard relative.hasPrefix("/"), let parsed = URL(string: "http://169.254.170.2" + relative) else {
                throw CredentialError(
                    "container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must be a path starting with /")
            }
            url = parsed
        } else {
            let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] ?? ""
            guard let parsed = URL(string: full), let scheme = parsed.scheme?.lowercased(), parsed.host != nil else {
                throw CredentialError(
                    "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI '\(full)' is not a URL")
            }
            guard scheme == "https" || (scheme == "http" && Self.isAllowedPlainHost(parsed.host ?? "")) else {
                throw CredentialError(
                    "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI '\(full)' must use HTTPS, or HTTP "
                        + "to a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23 (as the AWS SDKs require)"
                )
            }
            url = parsed
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = try authorizationToken() { headers.append(("Authorization", token)) }
        let response = try await fetch(
            HTTPRequest(method: "GET", url: url, headers: headers, body: []), source: "container credentials",
            attempts: 3, timeout: 2)
        guard response.status == 200 else {
            throw CredentialError(
                "container credentials: \(url.host ?? "") answered HTTP \(response.status) \(Self.excerpt(response.body))"
            )
        }
        return try Self.credentials(from: response.body, source: "container credentials")
    }

    private func authorizationToken() throws -> String? {
        var token: String?
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: path), data.count <= 16_384 else {
                throw CredentialError(
                    "container credentials: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path)")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw CredentialError("container credentials: the authorization token holds a line break")
        }
        return token
    }

    /// botocore's rule for plain-HTTP full URIs: loopback, or the ECS/EKS link-local hosts.
    static func isAllowedPlainHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if ["localhost", "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "::1"].contains(bare) { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    // MARK: instance metadata

    /// Whether instance metadata may be asked (`AWS_EC2_METADATA_DISABLED` is not `true`).
    var instanceMetadataEnabled: Bool { environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" }

    private var metadataBase: String {
        if let endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
            ?? config.value("ec2_metadata_service_endpoint", in: profile)
        {
            return endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        }
        let mode =
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]
            ?? config.value("ec2_metadata_service_endpoint_mode", in: profile)
        return mode?.lowercased() == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254"
    }

    private var v1Disabled: Bool {
        (environment["AWS_EC2_METADATA_V1_DISABLED"] ?? config.value("ec2_metadata_v1_disabled", in: profile))?
            .lowercased() == "true"
    }

    /// The instance role's credentials. - Throws: `CredentialError` naming the source.
    func instanceMetadata() async throws -> AWSCredentials {
        let base = metadataBase
        guard let tokenURL = URL(string: base + "/latest/api/token") else {
            throw CredentialError("instance metadata: the endpoint '\(base)' is not a URL")
        }
        let tokenResponse = try await fetch(
            HTTPRequest(
                method: "PUT", url: tokenURL, headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")], body: []),
            source: "instance metadata", attempts: 2, timeout: 1)
        var headers: [(name: String, value: String)] = []
        switch tokenResponse.status {
        case 200:
            let token = String(decoding: tokenResponse.body, as: UTF8.self)
            guard !token.isEmpty, token.count <= 4096, !token.contains(where: \.isNewline) else {
                throw CredentialError("instance metadata: the session token answer is not a token")
            }
            headers.append(("X-aws-ec2-metadata-token", token))
        case let status where [403, 404, 405].contains(status) && !v1Disabled:
            break  // an IMDSv1-only service (botocore falls back the same way)
        default:
            throw CredentialError(
                "instance metadata: the session token request got HTTP \(tokenResponse.status)"
                    + (v1Disabled ? " and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)" : ""))
        }
        let listURL = URL(string: base + "/latest/meta-data/iam/security-credentials/")!
        let list = try await fetch(
            HTTPRequest(method: "GET", url: listURL, headers: headers, body: []), source: "instance metadata",
            attempts: 2, timeout: 1)
        guard list.status == 200 else {
            throw CredentialError(
                list.status == 404
                    ? "instance metadata: the instance has no IAM role (no instance profile attached)"
                    : "instance metadata: listing the instance role got HTTP \(list.status)")
        }
        let role = String(decoding: list.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        guard let role, !role.isEmpty, role.allSatisfy({ $0.isLetter || $0.isNumber || "+=,.@_-".contains($0) }) else {
            throw CredentialError("instance metadata: the instance role name is missing or not an IAM name")
        }
        let credentials = try await fetch(
            HTTPRequest(method: "GET", url: listURL.appendingPathComponent(role), headers: headers, body: []),
            source: "instance metadata", attempts: 2, timeout: 1)
        guard credentials.status == 200 else {
            throw CredentialError("instance metadata: the credentials of role \(role) got HTTP \(credentials.status)")
        }
        return try Self.credentials(from: credentials.body, source: "instance metadata (role \(role))")
    }

    // MARK: shared

    /// Sends `request` straight to its host (no proxy), `timeout` seconds per wait, trying again on a
    /// connection failure or a 5xx answer up to `attempts` times in all.
    private func fetch(_ request: HTTPRequest, source: String, attempts: Int, timeout: TimeInterval) async throws
        -> HTTPResponse
    {
        let transport = SocketTransport(timeout: timeout, maxIdlePerEndpoint: 1, proxies: .direct)
        var lastError: TransportError?
        for attempt in 0..<attempts {
            do {
                let response = try await transport.send(request)
                if response.status < 500 || attempt == attempts - 1 { return response }
            } catch {
                lastError = error
            }
        }
        throw CredentialError(
            "\(source): \(request.url.host ?? "the endpoint") did not answer (\(lastError?.message ?? "server error"))")
    }

    static func credentials(from body: [UInt8], source: String) throws -> AWSCredentials {
        // `{"AccessKeyId", "SecretAccessKey", "Token"?, "Expiration"?}`: the optional members absent,
        // null or a string.
        func optionalString(_ value: JSONValue?) -> String?? {
            switch value {
            case nil, .null?: .some(nil)
            case .string(let text)?: .some(text)
            default: nil
            }
        }
        guard body.count <= 65_536, let document = try? JSONReader.parse(body),
            let keyID = document["AccessKeyId"]?.stringValue, let secret = document["SecretAccessKey"]?.stringValue,
            !keyID.isEmpty, !secret.isEmpty, let token = optionalString(document["Token"]),
            let expirationText = optionalString(document["Expiration"])
        else {
            throw CredentialError("\(source): the answer is not a credentials document")
        }
        var expiration: Date?
        if let text = expirationText {
            guard let date = HTTPDate.parseISO8601(text) else {
                throw CredentialError("\(source): the Expiration '\(text.prefix(40))' is not an ISO 8601 date")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }
}
