import AWSHTTP
import Foundation

extension ServiceClient {
    /// Calls a REST-JSON operation unsigned: IAM Identity Center's portal (`GetRoleCredentials`) and OIDC
    /// (`CreateToken`), whose bearer token or client secret is the credential. Same transport (proxies,
    /// CA bundle), retry policy and redacted debug log as every other call.
    ///
    /// - Parameters:
    ///   - region: the region whose endpoint is asked (the profile's `sso_region`), unless overridden
    ///     (`AWS_ENDPOINT_URL_SSO`, a `[services]` section), as botocore does.
    ///   - path: appended to the endpoint's own path (an override may carry one).
    ///   - json: the request body, sent as `application/json` (a POST).
    /// - Returns: the 2xx answer; an error answer is thrown as `AWSServiceError` (its code from the
    ///   `x-amzn-ErrorType` header or the body) after the retries the policy allows.
    func restJSON(
        _ service: AWSService, operation: String, region: String, method: String, path: String,
        query: [(String, String)] = [], headers: [(String, String)] = [], json: Data? = nil, idempotent: Bool
    ) async throws -> HTTPResponse {
        let base = endpoint(for: service, region: region)
        var url = base.url
        let basePath = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        if var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.path = basePath + path
            components.query = nil
            url = components.url ?? url
        }
        let body = json.map { Array($0) } ?? []
        let logBody =
            json.map { Redaction.document(String(decoding: $0, as: UTF8.self)) }
            ?? Redaction.formBody(
                Self.formEncode(query))
        return try await send(
            service: service, operation: operation, method: method, query: query,
            contentType: json == nil ? nil : "application/json", extraHeaders: headers, body: body, logBody: logBody,
            idempotent: idempotent, signed: false,
            endpoint: ServiceEndpoint(url: url, signingRegion: base.signingRegion))
    }
}
