import Foundation
import LocalFiles

/// Web identity credentials (botocore's `AssumeRoleWithWebIdentityProvider`): an OIDC token from a file
/// — GitHub Actions, GitLab CI, EKS IRSA — exchanged for a role's credentials with the unsigned
/// `AssumeRoleWithWebIdentity`. The file is read again on every refresh: the platform rotates it.
///
/// From the environment (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` [+ `AWS_ROLE_SESSION_NAME`])
/// or a profile (`web_identity_token_file` + `role_arn` [+ `role_session_name`, `duration_seconds`]).
struct WebIdentityCredentials: Sendable {
    let roleARN: String
    let tokenFile: String
    let sessionName: String?
    let durationSeconds: Int?
    let origin: String

    /// The most a token file may hold (OIDC tokens are a few KiB).
    static let tokenLimit = 64 * 1024

    /// The environment's web identity settings, when both variables are set.
    static func fromEnvironment(_ environment: AWSEnvironment) -> WebIdentityCredentials? {
        guard let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !file.isEmpty,
            let role = environment["AWS_ROLE_ARN"], !role.isEmpty
        else { return nil }
        return WebIdentityCredentials(
            roleARN: role, tokenFile: file, sessionName: environment["AWS_ROLE_SESSION_NAME"], durationSeconds: nil,
            origin: "AWS_WEB_IDENTITY_TOKEN_FILE")
    }

    func resolve(sts: STS, now: Date) async throws -> AWSCredentials {
        let bytes: [UInt8]
        do { bytes = try FileReader.contents(of: tokenFile, limit: Self.tokenLimit) } catch {
            throw CredentialError("web identity (\(origin)): \(error.description)")
        }
        let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CredentialError("web identity (\(origin)): the token file \(tokenFile) is empty")
        }
        let assumed = try await sts.assumeRoleWithWebIdentity(
            roleARN: roleARN, sessionName: sessionName ?? "mfaguard-\(Int(now.timeIntervalSince1970))",
            webIdentityToken: token, durationSeconds: durationSeconds)
        return assumed.credentials
    }
}
