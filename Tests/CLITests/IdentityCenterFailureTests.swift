import Foundation
import TestSupport
import Testing

/// IAM Identity Center failures, each one line naming the source and what to do, with the README's exit
/// code: 2 for what the user fixes (sign in again, the profile), 3 for a portal that answers nonsense.
@Suite struct IdentityCenterFailureTests {
    @Test func anExpiredTokenSaysToSignIn() throws {
        let harness = try IdentityCenterTests.Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: -60)
        try harness.writeToken(IdentityCenterTests.legacyURL, accessToken: "legacy-token-1", expiresIn: -60)
        #expect(try harness.botocore("legacy").hasPrefix("error"))
        let session = try harness.whoami("dev")
        #expect(session.status == 2)
        #expect(session.stderr.hasPrefix("mfaguard: IAM Identity Center (profile dev): the sign-in token expired at "))
        #expect(session.stderr.hasSuffix("; run 'aws sso login --profile dev' (or --sso-session corp)\n"))
        let legacy = try harness.whoami("legacy")
        #expect(legacy.status == 2)
        #expect(legacy.stderr.hasSuffix("; run 'aws sso login --profile legacy'\n"), "\(legacy.stderr)")
        #expect(legacy.stderr.split(separator: "\n").count == 1)
        #expect(try harness.portalStats().operations.isEmpty, "an expired token is not sent")
    }

    @Test func noTokenSaysToSignIn() throws {
        let harness = try IdentityCenterTests.Harness()
        defer { harness.remove() }
        #expect(try harness.botocore("dev").hasPrefix("error"))
        let result = try harness.whoami("dev")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "mfaguard: IAM Identity Center (profile dev): not signed in (no cached token "
                + "\(try harness.cachePath("corp"))); run 'aws sso login --profile dev' (or --sso-session corp)\n")
    }

    @Test(arguments: [
        ("malformed", "is not role credentials (JSON with roleCredentials) (HTTP 200)"),
        ("html", "is an HTML page"),
    ])
    func aMalformedPortalAnswerIsOneLine(_ mode: String, _ problem: String) throws {
        let harness = try IdentityCenterTests.Harness(portal: ["--mode", mode])
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 3600)
        let result = try harness.whoami("dev")
        #expect(result.status == 3)
        #expect(
            result.stderr.hasPrefix(
                "mfaguard: SSO.GetRoleCredentials failed: the IAM Identity Center portal's answer for profile dev "),
            "\(result.stderr)")
        #expect(result.stderr.contains(problem), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("session-token-1"))
    }

    @Test func portalRefusalsSayWhatToDo() throws {
        let harness = try IdentityCenterTests.Harness()
        defer { harness.remove() }
        try harness.writeToken("corp", accessToken: "revoked-token", expiresIn: 3600)
        let revoked = try harness.whoami("dev")
        #expect(revoked.status == 2)
        #expect(
            revoked.stderr
                == "mfaguard: IAM Identity Center (profile dev): the portal does not accept the sign-in token "
                + "(UnauthorizedException); run 'aws sso login --profile dev' (or --sso-session corp)\n")
        try harness.writeToken("corp", accessToken: "session-token-1", expiresIn: 3600)
        let unassigned = try harness.whoami("unassigned")
        #expect(unassigned.status == 2)
        #expect(
            unassigned.stderr
                == "mfaguard: IAM Identity Center (profile unassigned): no role Admin in account 210987654321 is "
                + "assigned to you (ResourceNotFoundException); check sso_account_id and sso_role_name\n")
        let forbidding = try IdentityCenterTests.Harness(portal: ["--mode", "forbidden"])
        defer { forbidding.remove() }
        try forbidding.writeToken("corp", accessToken: "session-token-1", expiresIn: 3600)
        let forbidden = try forbidding.whoami("dev")
        #expect(forbidden.status == 2)
        #expect(forbidden.stderr.contains("the portal refused access (HTTP 403 AccessDeniedException)"))
    }

    @Test func anUnreadableOrBrokenCacheFileIsOneLine() throws {
        let harness = try IdentityCenterTests.Harness()
        defer { harness.remove() }
        let path = try harness.cachePath("corp")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let directory = try harness.whoami("dev")
        #expect(directory.status == 2)
        #expect(directory.stderr.hasPrefix("mfaguard: IAM Identity Center (profile dev): cannot read \(path): "))
        #expect(directory.stderr.hasSuffix("run 'aws sso login --profile dev' (or --sso-session corp)\n"))
        try FileManager.default.removeItem(atPath: path)
        try "{\"accessToken\": 5".write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try harness.whoami("dev")
        #expect(broken.status == 2)
        #expect(
            broken.stderr
                == "mfaguard: IAM Identity Center (profile dev): the token cache \(path) is not a token (JSON with "
                + "accessToken and expiresAt); run 'aws sso login --profile dev' (or --sso-session corp)\n")
        #expect(try harness.portalStats().operations.isEmpty)
    }

    @Test func aMissingSSOSessionSectionIsAConfigurationError() throws {
        let harness = try IdentityCenterTests.Harness()
        defer { harness.remove() }
        #expect(try harness.botocore("lost") == "error InvalidConfigError")
        let result = try harness.whoami("lost")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "mfaguard: profile 'lost': sso_session 'nowhere' has no [sso-session nowhere] section in "
                + "\(harness.home)/.aws/config\n")
    }
}
