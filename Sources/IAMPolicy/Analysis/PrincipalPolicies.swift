/// Everything that decides what one principal may do: its identity policies (its own inline and
/// managed policies and its groups'), its permissions boundary and the SCPs above its account. The
/// audit builds one per user or role from `GetAccountAuthorizationDetails`.
public struct PrincipalPolicies: Sendable {
    /// The principal's ARN (or a name, for policies read from files).
    public var principal: String
    /// Its own inline and managed policies and its groups', together the identity layer.
    public var identityPolicies: [AttachedPolicy]
    /// `nil` when the principal has no permissions boundary (no boundary layer).
    public var permissionsBoundary: AttachedPolicy?
    /// The SCPs that apply to its account, together one layer; empty means no SCP layer.
    public var serviceControlPolicies: [AttachedPolicy]

    /// The defaults are no boundary and no SCPs.
    public init(
        principal: String, identityPolicies: [AttachedPolicy], permissionsBoundary: AttachedPolicy? = nil,
        serviceControlPolicies: [AttachedPolicy] = []
    ) {
        self.principal = principal
        self.identityPolicies = identityPolicies
        self.permissionsBoundary = permissionsBoundary
        self.serviceControlPolicies = serviceControlPolicies
    }

    /// The evaluator for this principal's policies.
    public var evaluator: PolicyEvaluator {
        PolicyEvaluator(
            identity: identityPolicies.map(\.compiled), boundaries: permissionsBoundary.map { [$0.compiled] } ?? [],
            scps: serviceControlPolicies.map(\.compiled))
    }
}

/// A named policy document and where it comes from, compiled once: build one value per policy and
/// share it between the principals it is attached to, and the compilation is shared too.
public struct AttachedPolicy: Sendable {
    /// Where a policy comes from, which decides its `label`.
    public enum Source: Sendable, Equatable {
        /// Embedded in the principal itself.
        case inline
        /// A managed policy, by ARN.
        case managed(arn: String)
        /// Inherited from a group: its inline policy, or a managed policy attached to it.
        case group(name: String, managedARN: String?)
        /// Read from a file.
        case file(path: String)
        /// A service control policy, by ID or ARN.
        case scp(id: String)
    }

    /// The policy's name (or the file's path); only the labels of inline policies contain it.
    public let name: String
    /// Decides the label: `inline:NAME`, the managed policy's ARN, `group:GROUP:ARN` or
    /// `group:GROUP:inline:NAME`, the file's path, `scp:ID`.
    public let source: Source
    /// The document as given; `compiled` is its compiled form.
    public let document: PolicyDocument
    /// The document compiled for evaluation, labelled with `label`.
    public let compiled: CompiledPolicy

    /// Compiles `document` once, labelled from `name` and `source`.
    public init(name: String, source: Source, document: PolicyDocument) {
        self.name = name
        self.source = source
        self.document = document
        compiled = CompiledPolicy(document, label: Self.label(name: name, source: source))
    }

    /// How decisions and findings refer to this policy.
    public var label: String { compiled.label }

    private static func label(name: String, source: Source) -> String {
        switch source {
        case .inline: "inline:\(name)"
        case .managed(let arn): arn
        case .group(let group, let arn?): "group:\(group):\(arn)"
        case .group(let group, nil): "group:\(group):inline:\(name)"
        case .file(let path): path
        case .scp(let id): "scp:\(id)"
        }
    }
}
