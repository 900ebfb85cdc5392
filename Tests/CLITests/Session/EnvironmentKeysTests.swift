import Foundation
import TestSupport
import Testing

/// The environment's keys as botocore's `EnvProvider` reads them, the same for `mfaguard session`
/// (the keys an MFA session is made from) and `mfaguard whoami` (the keys it signs with): one
/// resolver. botocore, run in the same environment, is the oracle; the signature-checking proxy
/// records which key and session token each request was signed with.
@Suite struct EnvironmentKeysTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var variables: [String: String]
        /// For a refusal: what mfaguard's one-line error says.
        var message: String?
        var description: String { name }
    }

    static let base = SessionHome.baseKey
    static let cases: [Case] = [
        Case(
            name: "key id without secret", variables: ["AWS_ACCESS_KEY_ID": base.0],
            message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
        // botocore only looks at the environment when AWS_ACCESS_KEY_ID is set: a lone secret is ignored.
        Case(name: "secret without key id", variables: ["AWS_SECRET_ACCESS_KEY": base.1]),
        Case(
            name: "AWS_SECURITY_TOKEN alone",
            variables: ["AWS_ACCESS_KEY_ID": base.0, "AWS_SECRET_ACCESS_KEY": base.1, "AWS_SECURITY_TOKEN": "legacy"]),
        Case(
            name: "both token variables",
            variables: [
                "AWS_ACCESS_KEY_ID": base.0, "AWS_SECRET_ACCESS_KEY": base.1, "AWS_SECURITY_TOKEN": "legacy",
                "AWS_SESSION_TOKEN": "current",
            ]),
        Case(
            name: "AWS_SESSION_TOKEN alone",
            variables: ["AWS_ACCESS_KEY_ID": base.0, "AWS_SECRET_ACCESS_KEY": base.1, "AWS_SESSION_TOKEN": "current"]),
        Case(
            name: "expiration ahead",
            variables: [
                "AWS_ACCESS_KEY_ID": base.0, "AWS_SECRET_ACCESS_KEY": base.1,
                "AWS_CREDENTIAL_EXPIRATION": "2099-01-01T00:00:00Z",
            ]),
        Case(
            name: "expiration passed",
            variables: [
                "AWS_ACCESS_KEY_ID": base.0, "AWS_SECRET_ACCESS_KEY": base.1,
                "AWS_CREDENTIAL_EXPIRATION": "2020-01-01T00:00:00Z",
            ], message: "expired at 2020-01-01T00:00:00Z (AWS_CREDENTIAL_EXPIRATION)"),
        Case(
            name: "expiration not a time",
            variables: [
                "AWS_ACCESS_KEY_ID": base.0, "AWS_SECRET_ACCESS_KEY": base.1, "AWS_CREDENTIAL_EXPIRATION": "soon",
            ], message: "AWS_CREDENTIAL_EXPIRATION 'soon' is not a date and time"),
    ]

    /// A `[default]` profile with other keys: where botocore goes when the environment has none.
    static let credentials = """
        [default]
        aws_access_key_id = AKIDDEFAULT000001
        aws_secret_access_key = defaultsecret

        """
    static let config = "[default]\nmfa_serial = \(SessionHome.serial)\n"

    /// botocore's verdict: "KEY TOKEN" (TOKEN empty when there is none) or "error NAME".
    static func botocore(_ home: SessionHome, _ variables: [String: String?]) throws -> String {
        let program = """
            import botocore.session as s
            try:
                c = s.Session().get_credentials().get_frozen_credentials()
                print(c.access_key, c.token or '')
            except Exception as e:
                print('error', type(e).__name__)
            """
        let result = try ChildProcess.run("python3", ["-c", program], environment: try home.environment(variables))
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    @Test(arguments: cases)
    func sessionAndWhoamiReadTheEnvironmentAsBotocoreDoes(_ testCase: Case) throws {
        let home = try SessionHome(config: Self.config, credentials: Self.credentials)
        defer { home.remove() }
        let variables = testCase.variables.mapValues { Optional($0) }
        let oracle = try Self.botocore(home, variables)
        let session = try home.mfaguard(["session", "--json", "--code", "123456", "--no-cache"], variables)
        let whoami = try home.mfaguard(["whoami", "--format", "json"], variables)
        if let message = testCase.message {
            #expect(oracle.hasPrefix("error "), "botocore: \(oracle)")
            for result in [session, whoami] {
                #expect(result.status == 2, "stderr: \(result.stderr)")
                #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)")
            }
            #expect(try home.stats().requests == 0)
            return
        }
        #expect(!oracle.hasPrefix("error"), "botocore: \(oracle)")
        #expect(session.status == 0, "stderr: \(session.stderr)")
        #expect(whoami.status == 0, "stderr: \(whoami.stderr)")
        let signers = try home.stats().last_signer
        for action in ["GetSessionToken", "GetCallerIdentity"] {
            let signer = signers[action] ?? [:]
            #expect("\(signer["key"] ?? "") \(signer["token"] ?? "")" == oracle, "\(action): \(signer)")
        }
    }
}
