import AWSClient
import AWSConfigFiles
import Foundation
import TestSupport
import Testing

/// The one resolved configuration: each setting in botocore's order, read once, refused up front
/// when the AWS CLI would refuse it.
@Suite struct AWSConfigurationTests {
    func configuration(
        config: String, variables: [String: String] = [:], options: SessionOptions = SessionOptions()
    ) throws -> AWSConfiguration {
        let directory = try makeTemporaryDirectory("configuration")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(config.utf8).write(to: URL(fileURLWithPath: directory + "/config"))
        var all = variables
        all["AWS_CONFIG_FILE"] = directory + "/config"
        all["AWS_SHARED_CREDENTIALS_FILE"] = directory + "/credentials"
        return try AWSConfiguration(
            options: options, environment: AWSEnvironment(variables: all, homeDirectory: directory))
    }

    static let profiles = """
        [default]
        region = eu-west-1

        [profile work]
        region = eu-central-1
        retry_mode = adaptive
        max_attempts = 7

        [profile env]
        region = ap-south-1

        """

    @Test func theProfileIsTheFlagThenAWSProfileThenAWSDefaultProfile() throws {
        let both = ["AWS_PROFILE": "work", "AWS_DEFAULT_PROFILE": "env"]
        let flag = try configuration(config: Self.profiles, variables: both, options: SessionOptions(profile: "env"))
        #expect(flag.profileName == "env" && flag.profileIsExplicit && flag.region == "ap-south-1")
        let fromProfile = try configuration(config: Self.profiles, variables: both)
        #expect(fromProfile.profileName == "work" && !fromProfile.profileIsExplicit)
        let emptyFlag = try configuration(
            config: Self.profiles, variables: ["AWS_DEFAULT_PROFILE": "env"], options: SessionOptions(profile: ""))
        #expect(emptyFlag.profileName == "env" && !emptyFlag.profileIsExplicit)
        let none = try configuration(config: Self.profiles)
        #expect(none.profileName == "default" && none.region == "eu-west-1")
    }

    @Test func retrySettingsComeFromTheEnvironmentThenTheProfile() throws {
        let profile = try configuration(config: Self.profiles, options: SessionOptions(profile: "work"))
        #expect(profile.retryMode == .adaptive && profile.retry.maxAttempts == 7)
        let environment = try configuration(
            config: Self.profiles, variables: ["AWS_RETRY_MODE": "legacy", "AWS_MAX_ATTEMPTS": "2"],
            options: SessionOptions(profile: "work"))
        #expect(environment.retryMode == .legacy && environment.retry.maxAttempts == 2)
        let defaults = try configuration(config: Self.profiles)
        #expect(defaults.retryMode == .standard && defaults.retry.maxAttempts == 5)
    }

    /// botocore refuses a retry mode it does not know (InvalidRetryModeError); so does mfaguard, naming where.
    @Test func anUnknownRetryModeIsRefused() throws {
        let oracle = try ChildProcess.run(
            "python3",
            [
                "-c",
                "import botocore.session as s\ntry:\n s.Session().create_client('sts', region_name='us-east-1')\n"
                    + " print('accepted')\nexcept Exception as e:\n print(type(e).__name__)",
            ], environment: ChildProcess.environment(["AWS_RETRY_MODE": "fast", "HOME": "/nonexistent"]))
        #expect(oracle.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "InvalidRetryModeError")
        #expect(
            throws: ConfigError.invalidProfile(
                profile: "default", message: "AWS_RETRY_MODE 'fast' is not one of legacy, standard, adaptive")
        ) {
            _ = try configuration(config: Self.profiles, variables: ["AWS_RETRY_MODE": "fast"])
        }
        #expect(
            throws: ConfigError.invalidProfile(
                profile: "work", message: "retry_mode 'Standard' is not one of legacy, standard, adaptive")
        ) {
            _ = try configuration(
                config: Self.profiles.replacingOccurrences(of: "adaptive", with: "Standard"),
                options: SessionOptions(profile: "work"))
        }
    }

    @Test func proxiesAndTheCABundleAreReadOnce() throws {
        let directory = try makeTemporaryDirectory("configuration-ca")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("not really a certificate".utf8).write(to: URL(fileURLWithPath: directory + "/ca.pem"))
        let configuration = try configuration(
            config: Self.profiles + "ca_bundle = \(directory)/ca.pem\n",
            variables: ["https_proxy": "http://proxy.example:3128", "no_proxy": "internal.example"],
            options: SessionOptions(profile: "env"))
        #expect(configuration.caBundle == directory + "/ca.pem")
        #expect(configuration.proxies.https?.description == "http://proxy.example:3128")
        #expect(configuration.proxies.noProxy == ["internal.example"])
    }

    /// The transport's own error for a bad proxy variable reaches the user as a configuration error,
    /// its password masked.
    @Test func aProxyThatCannotBeUsedIsAConfigurationError() throws {
        #expect(
            throws: ConfigError.invalidProxy(
                variable: "HTTPS_PROXY", message: "'http://user:***@' is not a proxy URL")
        ) {
            _ = try configuration(config: Self.profiles, variables: ["HTTPS_PROXY": "http://user:secret@"])
        }
    }
}
