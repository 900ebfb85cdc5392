import AWSClient
import AWSConfigFiles
import ArgumentParser
import Foundation
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard session list [--json]`: the cached MFA sessions, without a secret.
struct SessionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfaguard session list",
        abstract: "List the cached MFA sessions: profiles, kind, expiry (never a key or token).",
        discussion: """
            Profiles are matched by their (or their source_profile's) keys, mfa_serial and role_arn; a \
            profile without mfa_serial (its device found through IAM) is shown as '-'.
            """
    )

    @Flag(help: "Print JSON: {\"sessions\": [...]}.")
    var json = false

    func run() throws {
        let environment = AWSEnvironment.current
        let cache = MFASessionCache(environment: environment)
        // The config only names the profiles: a broken file still lets the sessions be listed.
        let listings = try cache.listings(config: try? SharedConfig(environment: environment))
        let now = environment.now()
        Console.outputLine(
            json ? SessionCacheReport.json(listings, now: now) : SessionCacheReport.table(listings, now: now))
    }
}

/// `mfaguard session clear [PROFILE]`: removes every cached session, or those of one profile.
struct SessionClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfaguard session clear",
        abstract: "Remove the cached MFA sessions (all, or those of PROFILE).")

    @Argument(help: "Remove only this profile's sessions (and, for a role, the session it chains from).")
    var profile: String?

    func run() throws {
        let environment = AWSEnvironment.current
        let cache = MFASessionCache(environment: environment)
        guard let profile else {
            let removed = cache.removeAll()
            Console.report("removed \(removed) cached session\(removed == 1 ? "" : "s") from \(cache.directory)")
            return
        }
        let config = try SharedConfig(environment: environment)
        guard config.profile(profile) != nil else {
            throw ConfigError.profileNotFound(
                profile, configPath: config.configPath, credentialsPath: config.credentialsPath)
        }
        let keys = try cache.listings(config: config).filter { $0.profiles.contains(profile) }.map(\.key)
        let removed = cache.remove(keys: keys)
        Console.report("removed \(removed) cached session\(removed == 1 ? "" : "s") of profile '\(profile)'")
    }
}
