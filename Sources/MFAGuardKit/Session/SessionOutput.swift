import AWSClient
import Foundation

/// The three ways `mfaguard session` hands out credentials.
public enum SessionOutput {
    /// The `credential_process` JSON document (`Version` 1).
    /// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
    public static func processJSON(_ credentials: AWSCredentials, expiration: Date) -> String {
        let object: [String: Any] = [
            "Version": 1, "AccessKeyId": credentials.accessKeyID, "SecretAccessKey": credentials.secretAccessKey,
            "SessionToken": credentials.sessionToken ?? "", "Expiration": HTTPDate.iso8601(expiration),
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `export` lines for a POSIX shell: `eval "$(mfaguard session --export)"`.
    public static func exportLines(_ credentials: AWSCredentials, expiration: Date) -> String {
        [
            ("AWS_ACCESS_KEY_ID", credentials.accessKeyID), ("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey),
            ("AWS_SESSION_TOKEN", credentials.sessionToken ?? ""),
            ("AWS_CREDENTIAL_EXPIRATION", HTTPDate.iso8601(expiration)),
        ].map { "export \($0.0)=\(ShellWords.quote($0.1))" }.joined(separator: "\n")
    }

    /// Writes the session into profile `name` of the credentials file: `aws_access_key_id`,
    /// `aws_secret_access_key`, `aws_session_token` and `expiration`; every other byte of the file stays
    /// as it was. The write is atomic and the file ends up with mode 0600.
    public static func writeProfile(
        _ name: String, credentials: AWSCredentials, expiration: Date, target: MFASessionTarget,
        environment: AWSEnvironment
    ) throws {
        if name == target.sourceProfile || name == target.profile,
            MFASessionTarget.staticKeys(name, config: try SharedConfig(environment: environment)) != nil,
            target.source.sessionToken == nil
        {
            throw SessionError.wouldOverwriteSource(profile: name)
        }
        let editor = ConfigFileEditor(path: environment.credentialsFilePath, kind: .credentials)
        try editor.update(
            profile: name,
            settings: [
                "aws_access_key_id": credentials.accessKeyID, "aws_secret_access_key": credentials.secretAccessKey,
                "aws_session_token": credentials.sessionToken, "aws_security_token": nil,
                "expiration": HTTPDate.iso8601(expiration),
            ], mode: 0o600)
    }
}
