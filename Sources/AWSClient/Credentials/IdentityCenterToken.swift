import Foundation
import Hashing
import JSON
import LocalFiles

/// The IAM Identity Center sign-in token the AWS CLI caches after `aws sso login`, read and refreshed the
/// way botocore does (`utils.SSOTokenLoader`, `tokens.SSOTokenProvider`):
///
/// - the file is `~/.aws/sso/cache/<sha1 hex>.json`, the SHA-1 of the `sso-session` name (or, for a
///   legacy profile, of `sso_start_url`), holding `accessToken` and `expiresAt`;
/// - for an `sso-session`, a token with less than 15 minutes left is refreshed with the cached client
///   registration (`clientId`, `clientSecret`, `registrationExpiresAt`, `refreshToken`): `CreateToken`
///   with `grant_type` `refresh_token`, and the new token is written back (atomically, mode 0600) with
///   the same keys botocore writes. A refresh that fails leaves a still-valid token in use; legacy
///   tokens are never refreshed.
struct IdentityCenterToken: Sendable {
    /// What the token is for: where it is cached and what a user runs to sign in again.
    let settings: IdentityCenterCredentials
    let homeDirectory: String

    /// botocore's `_REFRESH_WINDOW`.
    static let refreshWindow: TimeInterval = 15 * 60
    /// A cache file is a few hundred bytes; the limit stops a device or a huge file from being read.
    static let sizeLimit = 64 * 1024

    /// The cache file: SHA-1 of the session name, or of the start URL for a legacy profile.
    var path: String {
        let key = settings.sessionName ?? settings.startURL
        let digest = HashFunction.hex(HashFunction.sha1.digest(Array(key.utf8)))
        return homeDirectory + "/.aws/sso/cache/\(digest).json"
    }

    /// The access token to present to the portal, refreshed first when it is about to expire.
    /// - Throws: `CredentialError` (no token, an unreadable or malformed cache file, an expired token:
    ///   each saying to run `aws sso login`).
    func accessToken(client: ServiceClient, now: Date) async throws -> String {
        var document = try read()
        var expiresAt = try date(document["expiresAt"], key: "expiresAt")
        var refreshProblem: String?
        if settings.sessionName != nil, expiresAt.timeIntervalSince(now) < Self.refreshWindow {
            do {
                if let refreshed = try await refresh(document, client: client, now: now) {
                    try write(refreshed.document)
                    (document, expiresAt) = (refreshed.document, refreshed.expiresAt)
                }
            } catch let error as AWSServiceError {
                refreshProblem = "refreshing it failed: \(error.code)"
            } catch let error as AWSConnectionError {
                refreshProblem = "refreshing it failed: \(error.message)"
            }
        }
        guard expiresAt > now, let token = document["accessToken"]?.stringValue, !token.isEmpty else {
            let when = expiresAt > now ? "holds no access token" : "expired at \(HTTPDate.iso8601(expiresAt))"
            throw CredentialError(
                "\(settings.origin): the sign-in token \(when)\(refreshProblem.map { " and \($0)" } ?? ""); "
                    + settings.signInAdvice)
        }
        return token
    }

    /// The cache file's JSON object. - Throws: `CredentialError` naming the file and what to do.
    private func read() throws -> JSONValue {
        let bytes: [UInt8]
        do { bytes = try FileReader.contents(of: path, limit: Self.sizeLimit) } catch {
            if error.kind == .notFound {
                throw CredentialError(
                    "\(settings.origin): not signed in (no cached token \(path)); \(settings.signInAdvice)")
            }
            throw CredentialError("\(settings.origin): \(error.description); \(settings.signInAdvice)")
        }
        guard let object = try? JSONReader.parse(bytes), object["accessToken"]?.stringValue != nil,
            object["expiresAt"]?.stringValue != nil
        else {
            throw CredentialError(
                "\(settings.origin): the token cache \(path) is not a token (JSON with accessToken and "
                    + "expiresAt); \(settings.signInAdvice)")
        }
        return object
    }

    private func date(_ value: JSONValue?, key: String) throws -> Date {
        // The AWS CLI writes `…Z`; botocore's generic cache writes `…UTC`; dateutil reads both.
        guard let text = value?.stringValue,
            let date = HTTPDate.parseISO8601(text)
                ?? (text.hasSuffix("UTC") ? HTTPDate.parseISO8601(text.dropLast(3) + "Z") : nil)
        else {
            throw CredentialError(
                "\(settings.origin): the token cache \(path) has a \(key) that is not a date; \(settings.signInAdvice)")
        }
        return date
    }

    /// `CreateToken` with the cached registration; nil when there is nothing to refresh with (no
    /// refresh token, an expired registration), as botocore decides.
    private func refresh(_ token: JSONValue, client: ServiceClient, now: Date) async throws -> (
        document: JSONValue, expiresAt: Date
    )? {
        guard let refreshToken = token["refreshToken"]?.stringValue, let clientID = token["clientId"]?.stringValue,
            let clientSecret = token["clientSecret"]?.stringValue,
            let registrationExpiresAt = token["registrationExpiresAt"],
            let registrationEnd = try? date(registrationExpiresAt, key: "registrationExpiresAt"), registrationEnd > now
        else { return nil }
        let request = JSONValue.sortedObject([
            "clientId": .string(clientID), "clientSecret": .string(clientSecret), "grantType": .string("refresh_token"),
            "refreshToken": .string(refreshToken),
        ])
        let response = try await client.restJSON(
            .ssoOIDC, operation: "SSO-OIDC.CreateToken", region: settings.region, method: "POST", path: "/token",
            json: Data(JSONWriter.compact(request).utf8), idempotent: false)
        guard response.body.count <= Self.sizeLimit, let answer = try? JSONReader.parse(response.body),
            let accessToken = answer["accessToken"]?.stringValue, !accessToken.isEmpty,
            let expiresIn = answer["expiresIn"]?.doubleValue, expiresIn > 0, expiresIn < 1e9
        else {
            throw AWSConnectionError(
                operation: "SSO-OIDC.CreateToken", message: "the answer is not a token", attempts: 1)
        }
        // botocore's key set: what it does not name (scopes, …) is not carried over either.
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + expiresIn).rounded(.down))
        var document: [(key: String, value: JSONValue)] = [
            ("startUrl", .string(settings.startURL)), ("region", .string(settings.region)),
            ("accessToken", .string(accessToken)), ("expiresAt", .string(Self.timestamp(expiresAt))),
            ("clientId", .string(clientID)), ("clientSecret", .string(clientSecret)),
            ("registrationExpiresAt", registrationExpiresAt),
        ]
        if let newRefreshToken = answer["refreshToken"]?.stringValue {
            document.append(("refreshToken", .string(newRefreshToken)))
        }
        return (.object(document), expiresAt)
    }

    /// Replaces the cache file all-or-nothing, mode 0600, with the keys botocore writes, in its order
    /// (compact JSON: botocore reads it with `json.loads`).
    private func write(_ document: JSONValue) throws {
        let order = [
            "startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt",
            "refreshToken",
        ]
        let text = JSONWriter.compact(.object(order.compactMap { key in document[key].map { (key, $0) } }))
        do {
            try AtomicWriter.replace(
                Array(text.utf8), at: path, permissions: .exactly(0o600), missingDirectory: .create)
        } catch {
            throw CredentialError(
                "\(settings.origin): the sign-in token was refreshed but \(error.description); "
                    + "fix that and run the command again")
        }
    }

    /// `%Y-%m-%dT%H:%M:%SZ`, as botocore writes `expiresAt`.
    static func timestamp(_ date: Date) -> String { HTTPDate.iso8601(date) }
}
