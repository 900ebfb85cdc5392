/// The request context keys of a request (`aws:MultiFactorAuthPresent`, `aws:username`, …) with their
/// values. Keys are case-insensitive; a key that is not set is absent (which is not the same as false).
public struct RequestContext: Sendable, Equatable {
    private var storage: [String: [String]]

    /// An empty context: every key is absent.
    public init() {
        storage = [:]
    }

    /// A context from key/value pairs; a key may hold several values (multivalued keys).
    public init(_ values: [String: [String]]) {
        storage = [:]
        for (key, value) in values { storage[key.lowercased()] = value }
    }

    /// The values of a key, `nil` when the key is absent.
    public subscript(key: String) -> [String]? {
        get { storage[key.lowercased()] }
        set { storage[key.lowercased()] = newValue }
    }

    func values(lowercasedKey key: String) -> [String]? { storage[key] }

    /// The keys set, lowercased.
    public var keys: [String] { Array(storage.keys) }
}

/// The MFA-related global condition keys.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
public enum MFAKey {
    /// `"true"` or `"false"` with temporary credentials (MFA used or not); absent with long-term access keys.
    public static let present = "aws:MultiFactorAuthPresent"
    /// Seconds since the MFA authentication; absent when MFA was not used.
    public static let age = "aws:MultiFactorAuthAge"
    static let presentLower = "aws:multifactorauthpresent"
    static let ageLower = "aws:multifactorauthage"
}

/// One request to authorize: an action on a resource, with its context.
public struct AccessRequest: Sendable {
    /// `service:Action`, e.g. `iam:CreateAccessKey`; matched case-insensitively.
    public let action: String
    /// The resource ARN; `nil` stands for `"*"` (as in `SimulatePrincipalPolicy`).
    public let resource: String?
    /// The context keys the statements' conditions and policy variables read.
    public let context: RequestContext
    /// The caller, for resource-based (trust) policies with a `Principal`.
    public let caller: CallerIdentity?

    let actionKey: [UInt8]
    let resourceBytes: [UInt8]
    /// Hash of the lowercased service prefix, for the evaluator's per-service statement index.
    let serviceHash: UInt64

    /// Without a `caller`, statements with a `Principal` or `NotPrincipal` never apply.
    public init(
        action: String, resource: String? = nil, context: RequestContext = RequestContext(),
        caller: CallerIdentity? = nil
    ) {
        self.action = action
        self.resource = resource
        self.context = context
        self.caller = caller
        let key = Array(action.lowercased().utf8)
        actionKey = key
        resourceBytes = Array((resource ?? "*").utf8)
        serviceHash = Self.serviceHash(key[..<(key.firstIndex(of: UInt8(ascii: ":")) ?? key.count)])
    }

    /// FNV-1a of a service prefix. Collisions only put more statements on a candidate list.
    static func serviceHash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }
}

/// Who makes a request, as a `Principal` element sees it.
public struct CallerIdentity: Sendable, Equatable {
    /// The principal's ARN (`arn:aws:iam::111122223333:user/alice`), or a service principal name.
    public var arn: String
    /// The 12-digit account the principal belongs to.
    public var account: String
    /// The `Principal` key that names this caller: `AWS` for IAM users, roles and accounts.
    public var type: PrincipalType

    /// A caller; `type` defaults to `.aws`.
    public init(arn: String, account: String, type: PrincipalType = .aws) {
        self.arn = arn
        self.account = account
        self.type = type
    }
}
