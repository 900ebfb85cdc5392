import AWSClient
import AWSConfigFiles
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The three ways `mfaguard session` hands out credentials.
public enum SessionOutput {
    /// The `credential_process` JSON document (`Version` 1).
    /// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
    public static func processJSON(_ credentials: AWSCredentials, expiration: Date) -> String {
        let object: [String: Any] = [
            "Version": 1, "AccessKeyId": credentials.accessKeyID, "SecretAccessKey": credentials.secretAccessKey,
            "SessionToken": credentials.sessionToken ?? "", "Expiration": iso8601(expiration),
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `2026-11-23T10:00:00Z`, from the C library's calendar: `ISO8601DateFormatter` loads ICU's time
    /// zone data, which costs a warm `credential-process` about 3 ms.
    public static func iso8601(_ date: Date) -> String {
        // Clamped to years 0001–9999: `time_t(_:)` traps beyond its range, and gmtime_r's years beyond
        // four digits are nonsense in an ISO 8601 timestamp.
        let clamped = min(max(date.timeIntervalSince1970.rounded(.down), -62_135_596_800), 253_402_300_799)
        var seconds = time_t(clamped.isNaN ? 0 : clamped)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// `export` lines for a POSIX shell: `eval "$(mfaguard session --export)"`.
    public static func exportLines(_ credentials: AWSCredentials, expiration: Date) -> String {
        [
            ("AWS_ACCESS_KEY_ID", credentials.accessKeyID), ("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey),
            ("AWS_SESSION_TOKEN", credentials.sessionToken ?? ""),
            ("AWS_CREDENTIAL_EXPIRATION", iso8601(expiration)),
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
                    "expiration": iso8601(expiration),
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
