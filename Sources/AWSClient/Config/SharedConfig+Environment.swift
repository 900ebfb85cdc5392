import AWSConfigFiles

extension SharedConfig {
    /// Reads both files from the paths `environment` names (`AWS_CONFIG_FILE`,
    /// `AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/…`); a missing file is an empty one.
    public init(environment: AWSEnvironment) throws(ConfigError) {
        try self.init(configPath: environment.configFilePath, credentialsPath: environment.credentialsFilePath)
    }
}
