/// The MFA states that matter for authorization. See "aws:MultiFactorAuthPresent" and
/// "aws:MultiFactorAuthAge" in https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
public enum MFAState: Sendable, Hashable, CustomStringConvertible {
    /// Long-term credentials (access keys): neither MFA key is in the request context.
    case keyAbsent
    /// Temporary credentials obtained without MFA (console sign-in without MFA):
    /// `aws:MultiFactorAuthPresent` is `false`, `aws:MultiFactorAuthAge` absent.
    case notAuthenticated
    /// Temporary credentials obtained with MFA `age` seconds ago.
    case authenticated(age: Int)

    /// The three states, with the given MFA age for the authenticated one.
    public static func all(mfaAge: Int) -> [MFAState] { [.keyAbsent, .notAuthenticated, .authenticated(age: mfaAge)] }

    /// The request context keys of this state.
    public var context: RequestContext {
        var context = RequestContext()
        apply(to: &context)
        return context
    }

    /// Sets (or removes) the MFA keys of this state in `context`.
    public func apply(to context: inout RequestContext) {
        switch self {
        case .keyAbsent:
            context[MFAKey.present] = nil
            context[MFAKey.age] = nil
        case .notAuthenticated:
            context[MFAKey.present] = ["false"]
            context[MFAKey.age] = nil
        case .authenticated(let age):
            context[MFAKey.present] = ["true"]
            context[MFAKey.age] = [String(age)]
        }
    }

    /// A phrase for reports, e.g. `MFA present, 3600 s old`; `id` is the machine-readable form.
    public var description: String {
        switch self {
        case .keyAbsent: "MFA key absent (long-term access keys)"
        case .notAuthenticated: "aws:MultiFactorAuthPresent=false (no MFA)"
        case .authenticated(let age): "MFA present, \(age) s old"
        }
    }

    /// A short identifier for machine-readable output.
    public var id: String {
        switch self {
        case .keyAbsent: "keyAbsent"
        case .notAuthenticated: "mfaFalse"
        case .authenticated: "mfaPresent"
        }
    }
}
