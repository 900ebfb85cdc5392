import AWSConfigFiles
import AWSHTTP
import Foundation
import JSON

/// IAM Identity Center (SSO) credentials, botocore's `SSOProvider`: a profile with `sso_account_id` and
/// `sso_role_name`, and either `sso_session` naming a `[sso-session NAME]` section (with `sso_start_url`,
/// `sso_region`) or, in the legacy form, `sso_start_url` and `sso_region` in the profile itself. The
/// sign-in token the AWS CLI cached (`IdentityCenterToken`) buys the role's credentials from the
/// portal's `GetRoleCredentials` (`GET /federation/credentials`, unsigned, `x-amz-sso_bearer_token`);
/// mfaguard never signs in itself: `aws sso login` does.
struct IdentityCenterCredentials: Sendable {
    let profile: String
    let startURL: String
    /// `sso_region`: where the portal and OIDC endpoints are.
    let region: String
    let accountID: String
    let roleName: String
    /// The `sso-session` name; nil for a legacy profile.
    let sessionName: String?

    /// Names the source in messages.
    var origin: String { "IAM Identity Center (profile \(profile))" }

    /// What to run when the token is missing or expired.
    var signInAdvice: String {
        "run 'aws sso login --profile \(profile)'" + (sessionName.map { " (or --sso-session \($0))" } ?? "")
    }

    /// The profile's Identity Center settings; nil when it does not use Identity Center for credentials
    /// (it has neither `sso_account_id` nor `sso_role_name`, botocore's test).
    /// - Throws: `ConfigError.invalidProfile` for a missing setting, a missing `[sso-session]` section,
    ///   or a value the profile and its session disagree on (botocore refuses those too).
    static func fromProfile(_ profile: String, config: SharedConfig) throws(ConfigError) -> IdentityCenterCredentials? {
        guard let settings = config.profile(profile),
            settings["sso_account_id"] != nil || settings["sso_role_name"] != nil
        else { return nil }
        var merged = settings
        var required = ["sso_start_url", "sso_region", "sso_role_name", "sso_account_id"]
        let sessionName = settings["sso_session"]?.string
        if let sessionName {
            guard let session = config.ssoSessions[sessionName] else {
                throw .invalidProfile(
                    profile: profile,
                    message:
                        "sso_session '\(sessionName)' has no [sso-session \(sessionName)] section in \(config.configPath)"
                )
            }
            for (key, value) in session.sorted(by: { $0.key < $1.key }) {
                if let own = merged[key], own != value {
                    throw .invalidProfile(
                        profile: profile,
                        message: "\(key) differs between the profile and [sso-session \(sessionName)]; keep one")
                }
                merged[key] = value
            }
            required.append("sso_session")
        }
        let missing = required.filter { merged[$0]?.string == nil }
        guard missing.isEmpty else {
            throw .invalidProfile(
                profile: profile,
                message: "uses IAM Identity Center but lacks \(missing.joined(separator: ", "))"
                    + (sessionName.map { " (in the profile or [sso-session \($0)])" } ?? ""))
        }
        let region = merged["sso_region"]?.string ?? ""
        guard AWSConfiguration.isValidRegion(region) else {
            throw .invalidProfile(profile: profile, message: "sso_region '\(region)' is not a valid region name")
        }
        return IdentityCenterCredentials(
            profile: profile, startURL: merged["sso_start_url"]?.string ?? "", region: region,
            accountID: merged["sso_account_id"]?.string ?? "", roleName: merged["sso_role_name"]?.string ?? "",
            sessionName: sessionName)
    }

    /// The portal's answer (`GetRoleCredentialsResponse`).
    /// The role's credentials. `client` carries the transport, retries and endpoint overrides
    /// (`AWS_ENDPOINT_URL_SSO`, `[services]`); the call is unsigned.
    /// - Throws: `CredentialError` for what the user fixes (sign in again, the profile's account or
    ///   role), `AWSServiceError`/`AWSConnectionError` for a failing or malformed portal.
    func resolve(client: ServiceClient, environment: AWSEnvironment) async throws -> AWSCredentials {
        let token = IdentityCenterToken(settings: self, homeDirectory: environment.homeDirectory)
        let accessToken = try await token.accessToken(client: client, now: environment.now())
        let operation = "SSO.GetRoleCredentials"
        let response: HTTPResponse
        do {
            response = try await client.restJSON(
                .sso, operation: operation, region: region, method: "GET", path: "/federation/credentials",
                query: [("account_id", accountID), ("role_name", roleName)],
                headers: [("x-amz-sso_bearer_token", accessToken)], idempotent: true)
        } catch let error as AWSServiceError where [401, 403, 404].contains(error.httpStatus) {
            let code = TerminalText.sanitized(error.code, limit: 100)
            switch error.httpStatus {
            case 401:
                throw CredentialError(
                    "\(origin): the portal does not accept the sign-in token (\(code)); \(signInAdvice)")
            case 403:
                throw CredentialError(
                    "\(origin): the portal refused access (HTTP 403 \(code)); \(signInAdvice), and check that "
                        + "role \(roleName) in account \(accountID) is assigned to you")
            default:
                throw CredentialError(
                    "\(origin): no role \(roleName) in account \(accountID) is assigned to you (\(code)); check "
                        + "sso_account_id and sso_role_name")
            }
        }
        let problem: String
        if AnswerCheck.looksLikeHTML(response.body) {
            problem = AnswerCheck.htmlPage
        } else if response.body.count > 65_536 {
            problem = "too large for role credentials"
        } else if let answer = try? JSONReader.parse(response.body), let role = answer["roleCredentials"],
            let keyID = role["accessKeyId"]?.stringValue, let secret = role["secretAccessKey"]?.stringValue,
            let token = role["sessionToken"]?.stringValue, let milliseconds = role["expiration"]?.doubleValue
        {
            // `expiration` is in milliseconds since 1970.
            let seconds = milliseconds / 1000
            if !keyID.isEmpty, !secret.isEmpty, !token.isEmpty, seconds.isFinite, seconds > 0, seconds < 1e11 {
                return AWSCredentials(
                    accessKeyID: keyID, secretAccessKey: secret, sessionToken: token,
                    expiration: Date(timeIntervalSince1970: seconds))
            }
            problem = "role credentials with an empty key, token or expiration"
        } else {
            problem = "not role credentials (JSON with roleCredentials)"
        }
        throw AWSConnectionError(
            operation: operation,
            message: "the IAM Identity Center portal's answer for profile \(profile) is \(problem) (HTTP "
                + "\(response.status)); check AWS_ENDPOINT_URL_SSO or the profile's services section if one is set",
            attempts: 1)
    }
}
