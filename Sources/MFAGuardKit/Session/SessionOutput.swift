import AWSClient
import AWSConfigFiles
import Foundation
import JSON

/// The three ways `mfaguard session` hands out credentials.
public enum SessionOutput {
    /// The `credential_process` JSON document (`Version` 1).
    /// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
    public static func processJSON(_ credentials: AWSCredentials, expiration: Date) -> String {
        JSONWriter.compact(
            .sortedObject([
                "Version": .int(1), "AccessKeyId": .string(credentials.accessKeyID),
                "SecretAccessKey": .string(credentials.secretAccessKey),
                "SessionToken": .string(credentials.sessionToken ?? ""),
                "Expiration": .string(HTTPDate.iso8601(expiration)),
            ]))
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
    /// as it was. The write is atomic, under the file's lock, and the file ends up with mode 0600 (a
    /// read-only file, replaced only with `force`, stays read-only). A profile holding long-term keys
    /// is refused unless `overwriteLongTermKeys`; the one the session is made from, always.
    public static func writeProfile(
        _ name: String, credentials: AWSCredentials, expiration: Date, target: MFASessionTarget,
        environment: AWSEnvironment, overwriteLongTermKeys: Bool = false, force: Bool = false
    ) throws {
        try checkWriteProfile(
            name, target: target, environment: environment, overwriteLongTermKeys: overwriteLongTermKeys,
            force: force)
        try MFASessionBroker.checkAnswer(credentials, operation: target.operation)
        let editor = ConfigFileEditor(path: environment.credentialsFilePath, kind: .credentials)
        do {
            try editor.update(
                profile: name,
                settings: [
                    "aws_access_key_id": credentials.accessKeyID, "aws_secret_access_key": credentials.secretAccessKey,
                    "aws_session_token": credentials.sessionToken, "aws_security_token": nil,
                    "expiration": HTTPDate.iso8601(expiration),
                ], mode: 0o600,
                options: ConfigFileEditor.WriteOptions(force: force, protectLongTermKeys: !overwriteLongTermKeys))
        } catch {
            throw sessionError(error)
        }
    }

    /// What `writeProfile` would refuse, checked before a code is asked for and STS is called.
    public static func checkWriteProfile(
        _ name: String, target: MFASessionTarget, environment: AWSEnvironment, overwriteLongTermKeys: Bool,
        force: Bool
    ) throws {
        if name == target.sourceProfile || name == target.profile,
            MFASessionTarget.staticKeys(name, config: try SharedConfig(environment: environment)) != nil,
            target.source.sessionToken == nil
        {
            throw SessionError.wouldOverwriteSource(profile: name)
        }
        let editor = ConfigFileEditor(path: environment.credentialsFilePath, kind: .credentials)
        do {
            try editor.preflight(
                profile: name, settings: [:],
                options: ConfigFileEditor.WriteOptions(force: force, protectLongTermKeys: !overwriteLongTermKeys))
        } catch {
            throw sessionError(error)
        }
    }

    /// A long-term-keys refusal in the words of `--write-profile`; any other problem as it is.
    private static func sessionError(_ error: ConfigError) -> any Error {
        if case .holdsLongTermKeys(let profile, let path) = error {
            return SessionError.wouldOverwriteLongTermKeys(profile: profile, path: path)
        }
        return error
    }
}
