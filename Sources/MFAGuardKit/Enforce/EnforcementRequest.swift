import AWSClient
import Foundation
import IAMPolicy

/// What `mfaguard enforce plan|apply` is asked to reach (docs/enforce.md).
public struct EnforcementRequest: Sendable {
    /// The users to put in the enforcement group.
    public enum Users: Sendable, Equatable {
        case all
        case named([String])
    }

    /// Which safety checks the user overrides (`--allow-lockout`, `--allow-no-self-service`, `--allow-quota`,
    /// `--include-service-users`, `--adopt-existing-policy`).
    public struct Overrides: Sendable, Equatable {
        /// Apply even when the caller would lose the access needed to undo (`--allow-lockout`).
        public var lockout = false
        /// Apply even when users without MFA could not enrol a device themselves (`--allow-no-self-service`).
        public var noSelfService = false
        /// Apply even when a change would exceed an IAM quota of `GetAccountSummary` (`--allow-quota`).
        public var quota = false
        /// Apply though users in scope look like automation (key used, no MFA, no password) (`--include-service-users`).
        public var serviceUsers = false
        /// Give an existing policy a new version though it reaches principals outside the plan (`--adopt-existing-policy`).
        public var adoptExistingPolicy = false
        /// No overrides unless named: every check can refuse.
        public init(
            lockout: Bool = false, noSelfService: Bool = false, quota: Bool = false, serviceUsers: Bool = false,
            adoptExistingPolicy: Bool = false
        ) {
            self.lockout = lockout
            self.noSelfService = noSelfService
            self.quota = quota
            self.serviceUsers = serviceUsers
            self.adoptExistingPolicy = adoptExistingPolicy
        }
    }

    /// The default prefix of the policies enforce creates (`--policy-prefix`).
    public static let defaultPolicyPrefix = "mfaguard"

    /// The require-MFA policy's name: `PREFIX-require-mfa`.
    public var requirePolicyName: String { "\(policyPrefix)-require-mfa" }
    /// The self-service policy's name: `PREFIX-self-manage-mfa`.
    public var selfManagePolicyName: String { "\(policyPrefix)-self-manage-mfa" }
    /// The name of the policy that lets the group assume `role`: `PREFIX-assume-ROLE`.
    public func assumePolicyName(_ role: String) -> String { "\(policyPrefix)-assume-\(role)" }

    /// Whether `name` is a valid policy prefix: IAM's policy-name characters, short enough for every name.
    public static func isValidPolicyPrefix(_ name: String) -> Bool {
        IAMName.isValid(name, maxLength: 64)
    }

    /// What is wrong with the names in this request, checked before any call (IAM would refuse them
    /// with a `ValidationError` only after the plan had been shown): nil when nothing is.
    public func nameProblem() -> String? {
        if !IAMName.isValid(group, maxLength: 128) { return IAMName.complaint("--group", group, "group", 128) }
        if let adminRole {
            if !IAMName.isValid(adminRole, maxLength: 64) {
                return IAMName.complaint("--admin-role", adminRole, "role", 64)
            }
            let policy = assumePolicyName(adminRole)
            if policy.count > 128 {
                return "--admin-role '\(adminRole)' makes the policy name '\(policy)' longer than IAM's 128 "
                    + "characters: use a shorter role name or --policy-prefix"
            }
        }
        if case .named(let names) = users {
            for name in names where !IAMName.isValid(name, maxLength: 64) {
                return IAMName.complaint("--users", name, "user", 64)
            }
        }
        for arn in rolePolicyARNs where !IAMName.isManagedPolicyARN(arn) {
            return "--role-policy-arn '\(TerminalText.sanitized(arn))' is not a managed policy ARN "
                + "(arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/PATH/NAME)"
        }
        return nil
    }

    /// The IAM group enforce creates or reuses and puts the users in (`--group`; 1-128 IAM name characters).
    public var group: String
    /// Every IAM user of the account (`.all`), or the named ones, which must exist (`--users`).
    public var users: Users
    /// `aws:MultiFactorAuthAge` bound, in seconds, for the require-MFA policy and the role trust.
    public var maxAge: Int?
    /// A role whose trust requires MFA, assumable by the group.
    public var adminRole: String?
    /// Managed policies to attach to `adminRole`.
    public var rolePolicyARNs: [String]
    /// The audit's exemptions: exempted users are left out of the group and listed.
    public var exemptions: [Exemption]
    /// The safety checks the user overrides; a failed check not overridden refuses apply.
    public var overrides: Overrides
    /// Check the caller as signed in without MFA even when its credentials are temporary (`--assume-no-mfa`).
    public var assumeCallerHasNoMFA: Bool
    /// The prefix of enforce's policy names, so that several enforcements coexist (`--policy-prefix`).
    public var policyPrefix: String
    /// The time exemptions' expiry dates are compared with.
    public var now: Date

    /// A request; the defaults are every user, no age bound, no role, no exemptions and no overrides.
    public init(
        group: String, users: Users = .all, maxAge: Int? = nil, adminRole: String? = nil, rolePolicyARNs: [String] = [],
        exemptions: [Exemption] = [], overrides: Overrides = Overrides(), assumeCallerHasNoMFA: Bool = false,
        policyPrefix: String = EnforcementRequest.defaultPolicyPrefix, now: Date = Date()
    ) {
        self.group = group
        self.users = users
        self.maxAge = maxAge
        self.adminRole = adminRole
        self.rolePolicyARNs = rolePolicyARNs
        self.exemptions = exemptions
        self.overrides = overrides
        self.assumeCallerHasNoMFA = assumeCallerHasNoMFA
        self.policyPrefix = policyPrefix
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
    /// Long-term keys or a session token; decides whether the lockout check can trust the caller has MFA.
    public var credentials: Credentials

    /// A caller of the given ARN and kind of credentials.
    public init(arn: String, credentials: Credentials) {
        self.arn = arn
        self.credentials = credentials
    }

    /// The role name when the caller is an assumed role (`arn:…:sts::ACCOUNT:assumed-role/NAME/SESSION`).
    public var roleName: String? {
        guard let parsed = ARN(arn), parsed.service == "sts", parsed.resource.hasPrefix("assumed-role/") else {
            return nil
        }
        let path = parsed.resourcePath
        return path.count >= 2 ? String(path[1]) : nil
    }

    /// The IAM user name when the caller is an IAM user (`arn:…:iam::ACCOUNT:user/PATH/NAME`).
    public var userName: String? {
        guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("user/") else { return nil }
        return String(parsed.resourceName)
    }
}

/// IAM's rules for the names enforce creates or names (CreateGroup, CreateRole, CreateUser and
/// CreatePolicy in the IAM API reference: `[\w+=,.@-]+`, 64 characters for users and roles, 128 for
/// groups and policies).
enum IAMName {
    static let characters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")

    static func isValid(_ name: String, maxLength: Int) -> Bool {
        !name.isEmpty && name.count <= maxLength && name.allSatisfy { characters.contains($0) }
    }

    static func complaint(_ option: String, _ value: String, _ kind: String, _ maxLength: Int) -> String {
        "\(option) '\(TerminalText.sanitized(value))' is not an IAM \(kind) name: 1-\(maxLength) of the characters "
            + "A-Z a-z 0-9 +=,.@_-"
    }

    /// `arn:PARTITION:iam::aws:policy/NAME` or `arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME`.
    static func isManagedPolicyARN(_ arn: String) -> Bool {
        guard let parsed = ARN(arn), !parsed.partition.isEmpty, parsed.service == "iam", parsed.region.isEmpty,
            parsed.account == "aws" || (parsed.account.count == 12 && parsed.account.allSatisfy(\.isNumber)),
            parsed.resource.hasPrefix("policy/")
        else { return false }
        return isValid(String(parsed.resourceName), maxLength: 128)
            && !arn.contains(where: { $0.isNewline || $0 == " " })
    }
}
