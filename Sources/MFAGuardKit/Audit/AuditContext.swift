import AWSClient
import IAMPolicy

/// The snapshot prepared for the rules: policies parsed and compiled once, each user's and role's
/// effective policy set, and per-policy-set analysis results shared by principals with the same set.
final class AuditContext {
    let snapshot: AccountSnapshot
    let account: String
    let partition: String
    private(set) var errors: [AuditReport.CollectionError] = []
    var catalog = ActionCatalogIndex(ActionCatalog.bundled)

    /// A policy the rules can name: where it lives and what it is called.
    struct PolicyRef: Hashable {
        /// The managed policy's ARN, or the ARN of the user, group or role an inline policy belongs to.
        var resource: String
        var name: String
        var isInline: Bool
        var document: PolicyDocument?

        static func == (lhs: PolicyRef, rhs: PolicyRef) -> Bool { lhs.resource == rhs.resource && lhs.name == rhs.name }
        func hash(into hasher: inout Hasher) {
            hasher.combine(resource)
            hasher.combine(name)
        }

        var display: String { isInline ? "inline policy \(name) of \(resource)" : "managed policy \(resource)" }
    }

    /// A user with everything the rules ask about.
    struct User {
        var detail: UserDetail
        var row: CredentialReport.Row?
        var policies: PrincipalPolicies
        /// Label of each compiled policy → the policy it came from.
        var refs: [String: PolicyRef]
        /// Identical for users with the same effective policies, so analyses can be shared.
        var signature: String
    }

    private(set) var users: [User] = []
    private var managed: [String: ManagedPolicyDetail] = [:]
    private var parsed: [String: PolicyDocument?] = [:]
    private var analyses: [String: [MFAState: MFAStateAnalysis]] = [:]
    private var allowedByState: [String: [MFAState: [ActionCatalog.Entry]]] = [:]
    private var filteredByState: [String: [ActionCatalog.Entry]] = [:]

    init(_ snapshot: AccountSnapshot) {
        self.snapshot = snapshot
        account = snapshot.account.id
        partition = snapshot.account.partition
        for policy in snapshot.authorization.policies { managed[policy.arn] = policy }
        let rows = Dictionary(
            (snapshot.credentialReport?.rows ?? []).map { ($0.user, $0) }, uniquingKeysWith: { first, _ in first })
        let groups = Dictionary(
            snapshot.authorization.groups.map { ($0.groupName, $0) }, uniquingKeysWith: { first, _ in first })
        for user in snapshot.authorization.users.sorted(by: { $0.userName < $1.userName }) {
            var attached: [IAMPolicy.AttachedPolicy] = []
            var refs: [String: PolicyRef] = [:]
            var signature: [String] = []
            func add(_ name: String, _ source: IAMPolicy.AttachedPolicy.Source, _ ref: PolicyRef, _ text: String) {
                guard let document = document(text, owner: ref.display) else { return }
                let policy = IAMPolicy.AttachedPolicy(name: name, source: source, document: document)
                attached.append(policy)
                var ref = ref
                ref.document = document
                refs[policy.label] = ref
                signature.append(policy.label + "\u{1}" + text)
            }
            for inline in user.inlinePolicies {
                add(
                    inline.policyName, .inline, PolicyRef(resource: user.arn, name: inline.policyName, isInline: true),
                    inline.document)
            }
            for policy in user.attachedPolicies {
                guard let text = managedDocument(policy.policyARN) else { continue }
                add(
                    policy.policyName, .managed(arn: policy.policyARN),
                    PolicyRef(resource: policy.policyARN, name: policy.policyName, isInline: false), text)
            }
            for groupName in user.groups {
                guard let group = groups[groupName] else { continue }
                for inline in group.inlinePolicies {
                    add(
                        inline.policyName, .group(name: groupName, managedARN: nil),
                        PolicyRef(resource: group.arn, name: inline.policyName, isInline: true), inline.document)
                }
                for policy in group.attachedPolicies {
                    guard let text = managedDocument(policy.policyARN) else { continue }
                    add(
                        policy.policyName, .group(name: groupName, managedARN: policy.policyARN),
                        PolicyRef(resource: policy.policyARN, name: policy.policyName, isInline: false), text)
                }
            }
            var boundary: IAMPolicy.AttachedPolicy?
            if let arn = user.permissionsBoundaryARN, let text = managedDocument(arn),
                let document = document(text, owner: "boundary \(arn)")
            {
                boundary = IAMPolicy.AttachedPolicy(name: arn, source: .managed(arn: arn), document: document)
                signature.append("boundary\u{1}" + text)
            }
            users.append(
                User(
                    detail: user, row: rows[user.userName],
                    policies: PrincipalPolicies(
                        principal: user.arn, identityPolicies: attached, permissionsBoundary: boundary),
                    refs: refs, signature: signature.sorted().joined(separator: "\u{2}")))
        }
    }

    /// The default version's document of a managed policy.
    func managedDocument(_ arn: String) -> String? {
        guard let policy = managed[arn] else {
            errors.append(
                .init(
                    operation: "GetAccountAuthorizationDetails",
                    message: "managed policy \(arn) is attached but was not listed"))
            return nil
        }
        return policy.defaultDocument
    }

    /// Parses a policy document once; a document that does not parse is recorded as an error.
    func document(_ text: String, owner: String) -> PolicyDocument? {
        if let cached = parsed[text] { return cached }
        var result: PolicyDocument?
        do {
            result = try PolicyDocument(parsing: text)
        } catch {
            errors.append(.init(operation: "policy analysis", message: "\(owner) could not be read: \(error)"))
        }
        parsed[text] = result
        return result
    }

    /// What `user` may do in `state`, shared between users with the same policies.
    func analysis(_ user: User, _ state: MFAState) -> MFAStateAnalysis {
        if let cached = analyses[user.signature]?[state] { return cached }
        // No per-user context: analyses are shared between users, and unknown conditions count as met.
        let result = MFAAnalyzer(user.policies).analyze(state)
        analyses[user.signature, default: [:]][state] = result
        return result
    }

    /// The catalog actions `user` may use in `state`, most powerful access level first; shared between
    /// users with the same policies.
    func allowedActions(_ user: User, _ state: MFAState) -> [ActionCatalog.Entry] {
        if let cached = allowedByState[user.signature]?[state] { return cached }
        let result = catalog.allowedActions(analysis(user, state))
        allowedByState[user.signature, default: [:]][state] = result
        return result
    }

    /// `allowedActions(user, state)` filtered by `keep`, cached per policy set, state and `purpose` (the
    /// filter's name): the rules ask the same question of thousands of users with the same policies.
    func allowedActions(
        _ user: User, _ state: MFAState, purpose: String, where keep: (ActionCatalog.Entry) -> Bool
    ) -> [ActionCatalog.Entry] {
        let key = user.signature + "\u{3}" + state.id + "\u{3}" + purpose
        if let cached = filteredByState[key] { return cached }
        let result = allowedActions(user, state).filter(keep)
        filteredByState[key] = result
        return result
    }

    /// Every policy document of the account with where it lives: customer managed policies (all
    /// versions' default), and inline policies of users, groups and roles. Role trust policies apart.
    var allPolicies: [(ref: PolicyRef, document: PolicyDocument)] {
        var result: [(PolicyRef, PolicyDocument)] = []
        for policy in snapshot.authorization.policies where !policy.arn.contains(":aws:policy/") {
            if let text = policy.defaultDocument, let document = document(text, owner: "managed policy \(policy.arn)") {
                result.append((PolicyRef(resource: policy.arn, name: policy.policyName, isInline: false), document))
            }
        }
        let inline: [(String, [InlinePolicy])] =
            snapshot.authorization.users.map { ($0.arn, $0.inlinePolicies) }
            + snapshot.authorization.groups.map { ($0.arn, $0.inlinePolicies) }
            + snapshot.authorization.roles.map { ($0.arn, $0.inlinePolicies) }
        for (owner, policies) in inline {
            for policy in policies {
                let ref = PolicyRef(resource: owner, name: policy.policyName, isInline: true)
                if let document = document(policy.document, owner: ref.display) { result.append((ref, document)) }
            }
        }
        return result
    }
}
