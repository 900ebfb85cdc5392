import Foundation

/// botocore as the oracle for the shared config files: what it reads from them.
public enum Botocore {
    /// botocore's reading of a config/credentials pair on disk (scripts/testing/botocore_profiles.py):
    /// a JSON object with `profiles`, `credentials` and the like. `extra`: more environment changes.
    public static func profiles(config: String, credentials: String, extra: [String: String?] = [:]) throws
        -> [String: Any]
    {
        var changes: [String: String?] = ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials]
        changes.merge(extra) { _, new in new }
        let result = try ChildProcess.run(
            "python3", [TestPaths.repoRoot.appendingPathComponent("scripts/testing/botocore_profiles.py").path],
            environment: ChildProcess.environment(changes))
        guard result.status == 0 else {
            throw TestSupportError("botocore_profiles.py exited with \(result.status): \(result.stderr)")
        }
        guard let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any] else {
            throw TestSupportError("botocore_profiles.py printed no JSON object: \(result.stdout)")
        }
        return object
    }
}
