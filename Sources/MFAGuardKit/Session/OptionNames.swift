/// Long option names (without `--`) that two parsers read: ArgumentParser's commands in
/// `mfaguard-commands` declare them with `.customLong(...)`, and the quick path of `credential-process`
/// (`QuickPath`, which skips ArgumentParser) accepts exactly these. Declared once here so the two cannot
/// drift apart.
public enum OptionName {
    /// `--profile`: the profile of `~/.aws/config` and `~/.aws/credentials` (a global option).
    public static let profile = "profile"
    /// `--region` (a global option).
    public static let region = "region"
    /// `--endpoint-url` (a global option).
    public static let endpointURL = "endpoint-url"
    /// `--debug`, a flag (a global option).
    public static let debug = "debug"
    /// `--no-color`, a flag (a global option).
    public static let noColor = "no-color"
    /// `--role-arn` of the session commands.
    public static let roleARN = "role-arn"
    /// `--duration` of the session commands.
    public static let duration = "duration"
    /// `--min-remaining` of `credential-process`.
    public static let minRemaining = "min-remaining"
    /// `--no-chain`, a flag of the session commands.
    public static let noChain = "no-chain"

    /// The options `credential-process` takes with a value, as `--name`.
    public static let credentialProcessOptions = [profile, region, endpointURL, roleARN, duration, minRemaining]
        .map { "--" + $0 }
    /// The flags `credential-process` takes, as `--name`.
    public static let credentialProcessFlags = [debug, noColor, noChain].map { "--" + $0 }
}
