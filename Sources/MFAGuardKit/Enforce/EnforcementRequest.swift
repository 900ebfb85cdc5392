import Foundation

/// What `mfaguard enforce plan|apply` is asked to reach (docs/enforce.md).
public struct EnforcementRequest: Sendable {
    /// The users to put in the enforcement group.
    public enum Users: Sendable, Equatable {
        case all
        case named([String])
    }

    /// Which safety checks the user overrides (`--allow-lockout`, `--allow-no-self-service`, `--allow-quota`).
    public struct Overrides: Sendable, Equatable {
        public var lockout = false
        public var noSelfService = false
        public var quota = false
        public init(lockout: Bool = false, noSelfService: Bool = false, quota: Bool = false) {
            self.lockout = lockout
            self.noSelfService = noSelfService
            self.quota = quota
        }
    }

    public static let requirePolicyName = "mfaguard-require-mfa"
    public static let selfManagePolicyName = "mfaguard-self-manage-mfa"

    /// The name of the policy that lets the group assume `role`.
    public static func assumePolicyName(_ role: String) -> String { "mfaguard-assume-\(role)" }

    public var group: String
    public var users: Users
    /// `aws:MultiFactorAuthAge` bound, in seconds, for the require-MFA policy and the role trust.
    public var maxAge: Int?
    /// A role whose trust requires MFA, assumable by the group.
    public var adminRole: String?
    /// Managed policies to attach to `adminRole`.
    public var rolePolicyARNs: [String]
    /// The audit's exemptions: exempted users are left out of the group and listed.
    public var exemptions: [Exemption]
    public var overrides: Overrides
    /// Check the caller as signed in without MFA even when its credentials are temporary (`--assume-no-mfa`).
    public var assumeCallerHasNoMFA: Bool
    public var now: Date

    public init(
        group: String, users: Users = .all, maxAge: Int? = nil, adminRole: String? = nil, rolePolicyARNs: [String] = [],
        exemptions: [Exemption] = [], overrides: Overrides = Overrides(), assumeCallerHasNoMFA: Bool = false,
        now: Date = Date()
    ) {
        self.group = group
        self.users = users
        self.maxAge = maxAge
        self.adminRole = adminRole
        self.rolePolicyARNs = rolePolicyARNs
        self.exemptions = exemptions
        self.overrides = overrides
        self.assumeCallerHasNoMFA = assumeCallerHasNoMFA
        self.now = now
    }
}

/// Who runs the enforcement, and what can be known locally about its MFA.
public struct EnforcementCaller: Sendable, Equatable {
    /// The MFA state of the caller's credentials as far as it can be told without asking AWS.
    public enum Credentials: Sendable, Equatable {
        /// Long-term access keys (no session token): the MFA keys are absent from every request.
        case longTerm
        /// A session token: from `GetSessionToken`/`AssumeRole` with or without MFA; AWS does not say which.
        case temporary
    }

    /// `GetCallerIdentity`'s ARN.
    public var arn: String
    public var credentials: Credentials

    public init(arn: String, credentials: Credentials) {
        self.arn = arn
        self.credentials = credentials
    }

    /// The IAM user name when the caller is an IAM user (`arn:…:iam::ACCOUNT:user/PATH/NAME`).
    public var userName: String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "iam", parts[5].hasPrefix("user/") else { return nil }
        return parts[5].split(separator: "/").last.map(String.init)
    }
}
