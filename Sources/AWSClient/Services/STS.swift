import Foundation

/// AWS Security Token Service, Query protocol (API version 2011-06-15).
public struct STS: Sendable {
    /// The client the calls go through (signing, retries, endpoints).
    public let client: ServiceClient
    /// A facade over `client`; makes no request.
    public init(client: ServiceClient) { self.client = client }

    /// Who the credentials belong to.
    public struct CallerIdentity: Sendable, Codable, Hashable {
        /// The 12-digit account id the credentials belong to.
        public var account: String
        /// The caller's ARN (e.g. `…:user/name`, `…:assumed-role/role/session`).
        public var arn: String
        /// `UserId`: the unique id (`AIDA…`, or `AROA…:session` for a role); empty if absent.
        public var userID: String
    }

    /// Temporary credentials from `AssumeRole`, with the assumed role's ARN.
    public struct AssumedRole: Sendable {
        /// The temporary keys, session token and expiry.
        public var credentials: AWSCredentials
        /// `AssumedRoleUser.Arn`: `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
        public var arn: String
        /// `AssumedRoleUser.AssumedRoleId`: the role's unique id and the session name, `AROA…:<session>`.
        public var assumedRoleID: String
    }

    /// `GetCallerIdentity`: needs no permission, so it is the way to check credentials.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await client.query(.sts, "GetCallerIdentity", idempotent: true).result
        // The identity is the answer: without the account and ARN there is nothing to report or audit.
        let operation = "STS.GetCallerIdentity"
        let account = try result.required("Account", in: operation).text
        let arn = try result.required("Arn", in: operation).text
        guard !account.isEmpty, arn.hasPrefix("arn:") else {
            throw AWSConnectionError(
                operation: operation, message: "the answer holds no account id and ARN", attempts: 1)
        }
        return CallerIdentity(account: account, arn: arn, userID: result["UserId"] ?? "")
    }

    /// `GetSessionToken`, with an MFA device's `SerialNumber` and current `TokenCode` when given.
    public func getSessionToken(durationSeconds: Int?, serialNumber: String?, tokenCode: String?) async throws
        -> AWSCredentials
    {
        var parameters: [(String, String)] = []
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        let result = try await client.query(.sts, "GetSessionToken", parameters, idempotent: false).result
        return try Self.credentials(in: result, operation: "STS.GetSessionToken")
    }

    /// `AssumeRole`, optionally with MFA (`SerialNumber` + `TokenCode`) and an external id.
    public func assumeRole(
        roleARN: String, sessionName: String, durationSeconds: Int? = nil, externalID: String? = nil,
        serialNumber: String? = nil, tokenCode: String? = nil
    ) async throws -> AssumedRole {
        var parameters: [(String, String)] = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        let result = try await client.query(.sts, "AssumeRole", parameters, idempotent: false).result
        return AssumedRole(
            credentials: try Self.credentials(in: result, operation: "STS.AssumeRole"),
            arn: result.child("AssumedRoleUser")?["Arn"] ?? "",
            assumedRoleID: result.child("AssumedRoleUser")?["AssumedRoleId"] ?? "")
    }

    /// `AssumeRoleWithWebIdentity`: an OIDC token (GitHub Actions, GitLab, EKS IRSA) for a role's
    /// credentials. Unsigned: the token is the credential.
    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil
    ) async throws -> AssumedRole {
        var parameters: [(String, String)] = [
            ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken),
        ]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let result = try await client.query(
            .sts, "AssumeRoleWithWebIdentity", parameters, idempotent: false, signed: false
        ).result
        return AssumedRole(
            credentials: try Self.credentials(in: result, operation: "STS.AssumeRoleWithWebIdentity"),
            arn: result.child("AssumedRoleUser")?["Arn"] ?? "",
            assumedRoleID: result.child("AssumedRoleUser")?["AssumedRoleId"] ?? "")
    }

    static func credentials(in result: XMLNode, operation: String) throws -> AWSCredentials {
        guard let node = result.child("Credentials"), let keyID = node["AccessKeyId"],
            let secret = node["SecretAccessKey"]
        else {
            throw AWSConnectionError(operation: operation, message: "the answer holds no credentials", attempts: 1)
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: node["SessionToken"],
            expiration: node["Expiration"].flatMap(HTTPDate.parseISO8601))
    }
}
