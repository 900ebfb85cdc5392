/// Whether a deny-unless-MFA statement leaves a user without MFA able to enrol a device, decided by the
/// evaluator rather than by comparing action lists.
///
/// Enrolment needs exactly `iam:CreateVirtualMFADevice` (on `mfa/NAME`) and `iam:EnableMFADevice` (on the
/// user); a statement that denies either to a user without MFA is a lock-out. `sts:GetSessionToken` and
/// `sts:GetCallerIdentity` need no permission and cannot be denied (IAM User Guide, "Permissions for
/// GetSessionToken"), so leaving them out of a `NotAction` blocks nothing. The rest of what AWS's own
/// policies leave open (listing, `GetUser`, `GetMFADevice`, `ResyncMFADevice`) are conveniences: denying
/// them costs the user something, named in the note, but does not stop enrolment.
public enum EnrolmentCheck {
    /// The two actions without which a user cannot enrol a virtual MFA device.
    public static let enrolmentActions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"]

    /// Actions a user without MFA is better off being allowed, with what denying each one costs.
    public static let conveniences: [(action: String, consequence: String)] = [
        (
            "iam:ListMFADevices",
            "the console cannot list the user's MFA devices, so it cannot show the one just enrolled"
        ),
        ("iam:ListVirtualMFADevices", "the console cannot list virtual MFA devices to find the user's new one"),
        ("iam:GetUser", "the Security credentials page cannot show the user's own details before MFA sign-in"),
        ("iam:GetMFADevice", "the user cannot view their device's details before signing in with MFA"),
        ("iam:ResyncMFADevice", "a device whose clock drifted can be resynchronised only by an administrator"),
    ]

    /// What one statement denies to a user without MFA (long-term keys, or a console session without MFA).
    public struct Outcome: Sendable, Equatable {
        /// Enrolment actions denied: non-empty means a lock-out.
        public var blocked: [String]
        /// Conveniences denied, with their consequences.
        public var inconvenienced: [(action: String, consequence: String)]

        /// Compares the actions only: each action's consequence is fixed text from `conveniences`.
        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.blocked == rhs.blocked && lhs.inconvenienced.map(\.action) == rhs.inconvenienced.map(\.action)
        }
    }

    /// The user and account the check imagines; any name works, as the policy is read for every user.
    static let userName = "mfaguard-enrolling-user"
    static let account = "123456789012"

    /// The outcome of `statement` (of a document with `version`), or nil when it is not a Deny.
    public static func check(_ statement: Statement, version: PolicyVersion?) -> Outcome? {
        guard statement.effect == .deny else { return nil }
        let policy = CompiledPolicy(PolicyDocument(version: version, statements: [statement]), label: "statement")
        let evaluator = PolicyEvaluator(identity: [policy])
        func denied(_ action: String) -> Bool {
            let resource =
                action.lowercased() == "iam:createvirtualmfadevice"
                ? "arn:aws:iam::\(account):mfa/\(userName)" : "arn:aws:iam::\(account):user/\(userName)"
            return [MFAState.keyAbsent, .notAuthenticated].contains { state in
                var context = state.context
                context["aws:username"] = [userName]
                context["aws:PrincipalAccount"] = [account]
                context["aws:PrincipalArn"] = ["arn:aws:iam::\(account):user/\(userName)"]
                context["aws:PrincipalType"] = ["User"]
                return evaluator.decide(AccessRequest(action: action, resource: resource, context: context))
                    == .explicitDeny
            }
        }
        return Outcome(
            blocked: enrolmentActions.filter(denied), inconvenienced: conveniences.filter { denied($0.action) })
    }
}
