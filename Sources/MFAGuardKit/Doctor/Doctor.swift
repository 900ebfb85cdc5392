import AWSClient
import AWSConfigFiles
import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mfaguard doctor`: local hygiene checks of the AWS files, the environment and the session cache,
/// each problem with the command that fixes it. Reads only; changes nothing.
public enum Doctor {
    /// One problem found.
    public struct Finding: Sendable, Equatable {
        /// `plaintext-keys`, `environment-keys`, `loose-mode`, `credential-process`, `expired-session`.
        public var check: String
        /// What it is about: a file, a profile, a variable.
        public var subject: String
        /// What is wrong, in a few words (never a secret).
        public var detail: String
        /// The command (or edit) that fixes it.
        public var fix: String
    }

    /// Runs every check over `environment`; throws `ConfigError` when a config file cannot be parsed.
    public static func check(environment: AWSEnvironment) throws -> [Finding] {
        let config = try SharedConfig(environment: environment)
        var findings: [Finding] = []
        findings += try plaintextKeys(environment)
        findings += environmentKeys(environment)
        findings += looseModes(environment)
        findings += brokenCredentialProcesses(config, environment: environment)
        findings += expiredSessions(config, environment: environment)
        return findings
    }

    /// Profiles holding long-term keys (an access key without a session token) in the credentials file
    /// or the config file.
    static func plaintextKeys(_ environment: AWSEnvironment) throws -> [Finding] {
        var findings: [Finding] = []
        for (path, isCredentials) in [(environment.credentialsFilePath, true), (environment.configFilePath, false)] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let file =
                isCredentials
                ? try SharedConfig(configText: nil, configPath: "", credentialsText: text, credentialsPath: path)
                : try SharedConfig(configText: text, configPath: path, credentialsText: nil, credentialsPath: "")
            for name in file.profiles.keys.sorted() {
                guard let key = file.value("aws_access_key_id", in: name), !key.isEmpty,
                    file.value("aws_secret_access_key", in: name) != nil,
                    file.value("aws_session_token", in: name) == nil, file.value("aws_security_token", in: name) == nil
                else { continue }
                findings.append(
                    Finding(
                        check: "plaintext-keys", subject: "\(path) [\(name)]",
                        detail: "long-term access key \(String(key.prefix(4)))… stored in plain text",
                        fix: "mfaguard keys migrate \(ShellWords.quote(name))"))
            }
        }
        return findings
    }

    /// Long-term keys in the environment (`AWS_ACCESS_KEY_ID` without `AWS_SESSION_TOKEN`).
    static func environmentKeys(_ environment: AWSEnvironment) -> [Finding] {
        guard environment["AWS_ACCESS_KEY_ID"] != nil || environment["AWS_SECRET_ACCESS_KEY"] != nil,
            environment["AWS_SESSION_TOKEN"] == nil, environment["AWS_SECURITY_TOKEN"] == nil
        else { return [] }
        return [
            Finding(
                check: "environment-keys", subject: "AWS_ACCESS_KEY_ID",
                detail: "long-term keys in the environment (every program started from here can read them)",
                fix: "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY")
        ]
    }

    /// Files under `~/.aws` (and the config and credentials files wherever they are) readable or
    /// writable by others than their owner; the session cache directory likewise (0700).
    static func looseModes(_ environment: AWSEnvironment) -> [Finding] {
        var files = [environment.configFilePath, environment.credentialsFilePath]
        let awsDirectory = environment.homeDirectory + "/.aws"
        if let walker = FileManager.default.enumerator(atPath: awsDirectory) {
            var seen = 0
            while let relative = walker.nextObject() as? String, seen < 10_000 {
                seen += 1
                files.append(awsDirectory + "/" + relative)
            }
        }
        var findings: [Finding] = []
        var reported: Set<String> = []
        for path in files where !reported.contains(path) {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 != 0 else { continue }
            reported.insert(path)
            findings.append(
                Finding(
                    check: "loose-mode", subject: path,
                    detail: "mode \(String(info.st_mode & 0o7777, radix: 8)), not 600",
                    fix: "chmod 600 \(ShellWords.quote(path))"))
        }
        let cache = MFASessionCache(environment: environment).directory
        var info = stat()
        if lstat(cache, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_mode & 0o077 != 0 {
            findings.append(
                Finding(
                    check: "loose-mode", subject: cache,
                    detail: "session cache directory mode \(String(info.st_mode & 0o7777, radix: 8)), not 700",
                    fix: "chmod 700 \(ShellWords.quote(cache))"))
        }
        return findings
    }

    /// Profiles whose `credential_process` names a program that is missing or cannot be run.
    static func brokenCredentialProcesses(_ config: SharedConfig, environment: AWSEnvironment) -> [Finding] {
        var findings: [Finding] = []
        for name in config.profiles.keys.sorted() {
            guard let line = config.value("credential_process", in: name) else { continue }
            guard let program = ShellWords.split(line)?.first else {
                findings.append(
                    Finding(
                        check: "credential-process", subject: "profile \(name)",
                        detail: "credential_process cannot be split into words",
                        fix: "edit [profile \(name)] in \(config.configPath)"))
                continue
            }
            let expanded = environment.expand(program)
            if case .failure(let failure) = ExecChild.locate(expanded, searchPath: environment["PATH"]) {
                let reason =
                    switch failure {
                    case .notFound: "is missing"
                    case .cannotRun(_, let why): "cannot be run (\(why))"
                    }
                findings.append(
                    Finding(
                        check: "credential-process", subject: "profile \(name)",
                        detail: "credential_process program \(expanded) \(reason)",
                        fix: "edit credential_process of [profile \(name)] in \(config.configPath)"))
            }
        }
        return findings
    }

    /// Cached sessions past their expiry.
    static func expiredSessions(_ config: SharedConfig, environment: AWSEnvironment) -> [Finding] {
        let cache = MFASessionCache(environment: environment)
        var info = stat()
        // Never tightened or created here: a doctor only looks (the mode check reports a loose one).
        guard lstat(cache.directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_mode & 0o077 == 0,
            let listings = try? cache.listings(config: config)
        else { return [] }
        let now = environment.now()
        return listings.filter { $0.isExpired(at: now) }.map { listing in
            Finding(
                check: "expired-session",
                subject: listing.profiles.isEmpty
                    ? "session \(listing.key.prefix(12))" : "profile \(listing.profiles.joined(separator: ","))",
                detail: "\(listing.kind) session expired at \(HTTPDate.iso8601(listing.expiration))",
                fix: listing.profiles.count == 1
                    ? "mfaguard session clear \(ShellWords.quote(listing.profiles[0]))" : "mfaguard session clear")
        }
    }

    /// Aligned lines, one per finding with its fix; a line saying so when there is none.
    public static func table(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "No problems found." }
        return findings.map { "\($0.check): \($0.subject): \($0.detail)\n    fix: \($0.fix)" }.joined(separator: "\n")
    }

    /// `{"clean": BOOL, "findings": [{"check", "subject", "detail", "fix"}]}`.
    public static func json(_ findings: [Finding]) -> String {
        let items: [JSONValue] = findings.map {
            .sortedObject([
                "check": .string($0.check), "subject": .string($0.subject), "detail": .string($0.detail),
                "fix": .string($0.fix),
            ])
        }
        return JSONWriter.pretty(.sortedObject(["clean": .bool(findings.isEmpty), "findings": .array(items)]))
    }
}
