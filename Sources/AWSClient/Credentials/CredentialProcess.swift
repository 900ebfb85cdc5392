import AWSConfigFiles
import Foundation
import JSON

/// Runs a profile's `credential_process` and reads the credentials it prints.
/// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
public enum CredentialProcess {
    /// Splits `commandLine` like botocore (shlex, no shell), runs it with stdin and stderr passed
    /// through (so it can prompt), and parses its JSON output (`Version` 1).
    public static func run(_ commandLine: String, profile: String, environment: AWSEnvironment) throws -> AWSCredentials
    {
        guard let words = ShellWords.split(commandLine), let program = words.first else {
            throw ConfigError.invalidProfile(
                profile: profile, message: "credential_process is not a valid command line")
        }
        guard let executable = locate(program, environment: environment) else {
            throw CredentialError("credential_process of profile '\(profile)': command not found: \(program)")
        }
        let data: Data
        switch CapturedCommand.run(
            executable: executable, arguments: Array(words.dropFirst()), environment: environment.variables)
        {
        case .success(let output): data = output
        case .failure(.couldNotStart(let reason)):
            throw CredentialError("credential_process of profile '\(profile)' could not start: \(reason)")
        case .failure(.exitStatus(let status)):
            throw CredentialError("credential_process of profile '\(profile)' failed with exit status \(status)")
        case .failure(let failure):
            throw CredentialError("credential_process of profile '\(profile)' failed: \(failure.reason)")
        }
        return try parse(data, profile: profile)
    }

    /// The credentials in a `credential_process` JSON document.
    public static func parse(_ data: Data, profile: String) throws -> AWSCredentials {
        let what = "credential_process of profile '\(profile)'"
        guard let object = try? JSONReader.parse(data), object.members != nil else {
            throw CredentialError("\(what) did not print a JSON object")
        }
        guard object["Version"]?.intValue == 1 else {
            throw CredentialError("\(what) printed an unsupported Version (expected 1)")
        }
        guard let keyID = object["AccessKeyId"]?.stringValue, let secret = object["SecretAccessKey"]?.stringValue else {
            throw CredentialError("\(what) printed no AccessKeyId/SecretAccessKey")
        }
        var expiration: Date?
        if let text = object["Expiration"]?.stringValue {
            guard let date = HTTPDate.parseISO8601(text) else {
                throw CredentialError("\(what) printed an Expiration that is not ISO 8601: \(text)")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: object["SessionToken"]?.stringValue,
            expiration: expiration)
    }

    /// `program` itself when it contains a slash, else the first match on `PATH`.
    static func locate(_ program: String, environment: AWSEnvironment) -> String? {
        if program.contains("/") {
            let path = environment.expand(program)
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        for directory in (environment.variables["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
