import AWSClient
import AWSConfigFiles
import Foundation
import IAMPolicy

/// `mfaguard configure mfa-profile`: one `[profile NAME]` section of `~/.aws/config` holding what an MFA
/// session needs. Only that section changes; other profiles, comments and ordering stay byte for byte.
public struct MFAProfileSetup: Sendable {
    /// The `[profile NAME]` section written (`--name`); not the source profile.
    public var name: String
    /// The profile holding the long-term keys, written as `source_profile`; must exist.
    public var sourceProfile: String
    /// The device ARN or hardware serial, written as `mfa_serial`; a FIDO key is refused.
    public var mfaSerial: String
    /// A role to assume with MFA (`--role-arn`): `role_arn`, or on the `credential_process` line.
    public var roleARN: String?
    /// `duration_seconds`, checked against GetSessionToken's or AssumeRole's range; nil removes an old one.
    public var durationSeconds: Int?
    /// With a role: write `credential_process = PROGRAM credential-process --profile NAME --role-arn ARN`
    /// instead of `role_arn`, so the AWS CLI and SDKs get the role through mfaguard (and its cache).
    public var credentialProcess: Bool
    /// The program the `credential_process` line runs: an absolute path (see `MFAGuardExecutable`).
    public var program: String
    /// How messages name where `mfaSerial` came from (`--mfa-serial`, or the source profile's setting).
    public var mfaSerialOrigin = "--mfa-serial"

    /// A setup of these values, unchecked until `validate`.
    public init(
        name: String, sourceProfile: String, mfaSerial: String, roleARN: String? = nil, durationSeconds: Int? = nil,
        credentialProcess: Bool = false, program: String
    ) {
        self.name = name
        self.sourceProfile = sourceProfile
        self.mfaSerial = mfaSerial
        self.roleARN = roleARN
        self.durationSeconds = durationSeconds
        self.credentialProcess = credentialProcess
        self.program = program
    }

    /// Checks names and values before anything is written.
    public func validate(config: SharedConfig) throws(SessionError) {
        // Before anything else, and without echoing the value: a line break would be a line of its own.
        let fields = [("--name", name), ("--source-profile", sourceProfile), (mfaSerialOrigin, mfaSerial)]
        for (field, text) in fields + [("--role-arn", roleARN ?? ""), ("the program path", program)] {
            if let scalar = ConfigFileEditor.controlCharacter(in: text) {
                throw .controlCharacter(field: field, scalar: scalar.value)
            }
        }
        for (what, text) in [("profile name", name), ("source profile", sourceProfile)] {
            guard !text.isEmpty, !text.contains(where: { "[]\r\n".contains($0) }) else {
                throw .profile(text, message: "'\(text)' cannot be a \(what)")
            }
        }
        guard name != sourceProfile else {
            throw .profile(
                name, message: "a profile cannot be its own source_profile; give the MFA profile another name")
        }
        guard config.profile(sourceProfile) != nil else {
            throw .profile(
                sourceProfile,
                message: "the source profile does not exist in \(config.credentialsPath) or \(config.configPath)")
        }
        // botocore takes a profile's own keys before its credential_process: the line would never run.
        if usesCredentialProcess, let keyID = config.value("aws_access_key_id", in: name), !keyID.isEmpty {
            throw .profile(
                name,
                message: "holds aws_access_key_id, which the AWS CLI uses before credential_process, so the "
                    + "profile would never get an MFA session; give the MFA profile another name")
        }
        if MFASessionBroker.isFIDO(mfaSerial) { throw .fidoOnly(serial: mfaSerial) }
        guard ARN(mfaSerial) != nil || mfaSerial.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw .profile(name, message: "mfa_serial '\(mfaSerial)' is neither a device ARN nor a hardware serial")
        }
        if let roleARN,
            ARN(roleARN).map({ $0.service == "iam" && $0.resourceType == "role" && $0.resourceID?.isEmpty == false })
                != true
        {
            throw .profile(name, message: "'\(roleARN)' is not a role ARN")
        }
        if let durationSeconds {
            let range = roleARN == nil ? SessionDuration.sessionTokenRange : SessionDuration.assumeRoleRange
            guard range.contains(durationSeconds) else {
                throw .durationOutOfRange(
                    requested: durationSeconds, operation: roleARN == nil ? "GetSessionToken" : "AssumeRole",
                    range: range)
            }
        }
    }

    /// Whether the profile gets its credentials from `mfaguard credential-process` (and its cache):
    /// always without a role, since the AWS CLI has no MFA setting for `GetSessionToken`; with a role
    /// only when asked, the AWS CLI's own `role_arn` + `source_profile` + `mfa_serial` form otherwise.
    public var usesCredentialProcess: Bool { credentialProcess || roleARN == nil }

    /// The `credential_process` line, quoted so that botocore's split (`shlex.split`) gives the words
    /// back. With a role, the role goes on that command line rather than into `role_arn`: the AWS CLI
    /// would otherwise assume the role itself and never run the process.
    public var credentialProcessLine: String {
        var words = [program, "credential-process", "--profile", name]
        if let roleARN { words += ["--role-arn", roleARN] }
        return words.map(ShellWords.quote).joined(separator: " ")
    }

    /// The settings in the order they are written; `nil` removes a key left from an earlier setup
    /// (the diff shows it).
    public var settings: KeyValuePairs<String, String?> {
        [
            "source_profile": sourceProfile, "mfa_serial": mfaSerial,
            "role_arn": usesCredentialProcess ? nil : roleARN,
            "duration_seconds": durationSeconds.map(String.init),
            "credential_process": usesCredentialProcess ? credentialProcessLine : nil,
        ]
    }

    /// The file as it is and as the write would leave it, read without the lock (the write reads again
    /// under it).
    public func plannedChange(environment: AWSEnvironment) throws -> (before: String?, after: String) {
        try editor(environment).plannedChange(profile: name, settings: settings)
    }

    /// The planned change as unified-diff lines for this profile's section (empty: nothing changes).
    public func diff(environment: AWSEnvironment) throws -> [String] {
        let change = try plannedChange(environment: environment)
        return editor(environment).diff(from: change.before, to: change.after, profile: name)
    }

    private func editor(_ environment: AWSEnvironment) -> ConfigFileEditor {
        ConfigFileEditor(path: environment.configFilePath, kind: .config)
    }

    /// What `write` would refuse (a read-only file, a name or value the file cannot hold), checked
    /// before the preview is shown and confirmation asked for.
    public func preflight(environment: AWSEnvironment, force: Bool = false) throws {
        try ConfigFileEditor(path: environment.configFilePath, kind: .config).preflight(
            profile: name, settings: settings, options: ConfigFileEditor.WriteOptions(force: force))
    }

    /// Writes the section atomically, under the file's lock (a new file gets mode 0600; a read-only one
    /// is replaced only with `force`). Returns whether the file changed.
    @discardableResult
    public func write(environment: AWSEnvironment, force: Bool = false) throws -> Bool {
        try ConfigFileEditor(path: environment.configFilePath, kind: .config).update(
            profile: name, settings: settings, options: ConfigFileEditor.WriteOptions(force: force))
    }
}
