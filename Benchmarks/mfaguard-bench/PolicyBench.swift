import IAMPolicy

/// `mfaguard-bench policy`: decisions per second for a typical request against 10 policies of 5
/// statements, and the MFA analysis of a 5,000-principal account. Prints numbers, asserts nothing.
enum PolicyBench {
    static func run() {
        decisions()
        analysis()
    }

    /// Ten policies of five statements: service wildcards, prefix and general patterns, resources with
    /// wildcards and variables, MFA / IP / tag conditions, one NotAction deny-unless-MFA.
    static func typicalPolicies() -> [PolicyDocument] {
        let services = ["s3", "ec2", "dynamodb", "lambda", "sqs", "sns", "cloudwatch", "logs", "kms", "iam"]
        var policies: [PolicyDocument] = []
        for (p, service) in services.enumerated() {
            var statements: [Statement] = [
                Statement(
                    sid: "Read\(p)", effect: .allow,
                    action: .action(["\(service):Get*", "\(service):List*", "\(service):Describe*"]),
                    resource: .resource(["*"])),
                Statement(
                    sid: "Write\(p)", effect: .allow, action: .action(["\(service):Put*", "\(service):Update?tem"]),
                    resource: .resource(["arn:aws:\(service):*:111122223333:app-\(p)/*"]),
                    conditions: [ConditionClause(ConditionOperator(.bool), MFAKey.present, ["true"])]),
                Statement(
                    sid: "Own\(p)", effect: .allow, action: .action(["\(service):*Tag*"]),
                    resource: .resource(["arn:aws:\(service):*:*:owner/${aws:username}/*"])),
                Statement(
                    sid: "Office\(p)", effect: .allow, action: .action(["\(service):Create*"]),
                    resource: .resource(["*"]),
                    conditions: [
                        ConditionClause(
                            ConditionOperator(.ipAddress), "aws:SourceIp", ["203.0.113.0/24", "198.51.100.0/24"])
                    ]),
                Statement(
                    sid: "NoDelete\(p)", effect: .deny, action: .action(["\(service):Delete*"]),
                    resource: .resource(["*"]),
                    conditions: [
                        ConditionClause(ConditionOperator(.numericGreaterThan, ifExists: true), MFAKey.age, ["3600"])
                    ]),
            ]
            if p == 9 {
                statements[4] = Statement(
                    sid: "DenyUnlessMFA", effect: .deny, action: .notAction(PolicyLinter.selfServiceActions),
                    resource: .resource(["*"]),
                    conditions: [ConditionClause(ConditionOperator(.bool, ifExists: true), MFAKey.present, ["false"])])
            }
            policies.append(PolicyDocument(statements: statements))
        }
        return policies
    }

    static func decisions() {
        let evaluator = PolicyEvaluator(policies: typicalPolicies())
        let context = RequestContext([
            "aws:MultiFactorAuthPresent": ["true"], "aws:MultiFactorAuthAge": ["120"], "aws:username": ["alice"],
            "aws:SourceIp": ["203.0.113.5"],
        ])
        let requests = [
            AccessRequest(action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", context: context),
            AccessRequest(
                action: "dynamodb:UpdateItem", resource: "arn:aws:dynamodb:us-east-1:111122223333:app-2/t",
                context: context),
            AccessRequest(
                action: "ec2:CreateTags", resource: "arn:aws:ec2:us-east-1:1:owner/alice/i-1", context: context),
            AccessRequest(
                action: "lambda:DeleteFunction", resource: "arn:aws:lambda:us-east-1:1:function:f", context: context),
            AccessRequest(action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:1:key/k", context: context),
            AccessRequest(action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:1:q", context: context),
            AccessRequest(action: "logs:CreateLogGroup", resource: "*", context: context),
            AccessRequest(action: "iam:ListUsers", resource: "*", context: context),
        ]
        let outcomes = requests.map { evaluator.decide($0).rawValue }
        print("policy: requests \(zip(requests.map(\.action), outcomes).map { "\($0)=\($1)" }.joined(separator: " "))")

        let iterations = 4_000_000
        var allowed = 0
        let clock = ContinuousClock()
        for round in 0..<3 {
            allowed = 0
            let elapsed = clock.measure {
                for i in 0..<iterations where evaluator.decide(requests[i & 7]) == .allowed { allowed += 1 }
            }
            report("decide (outcome only), prepared request, round \(round + 1)", iterations, elapsed, allowed)
        }
        let explainedIterations = 1_000_000
        allowed = 0
        let explained = clock.measure {
            for i in 0..<explainedIterations where evaluator.evaluate(requests[i & 7]).outcome == .allowed {
                allowed += 1
            }
        }
        report("evaluate (with matched statements)", explainedIterations, explained, allowed)
        allowed = 0
        let built = clock.measure {
            for i in 0..<explainedIterations {
                let template = requests[i & 7]
                let request = AccessRequest(action: template.action, resource: template.resource, context: context)
                if evaluator.decide(request) == .allowed { allowed += 1 }
            }
        }
        report("decide, building the request each time", explainedIterations, built, allowed)
    }

    static func report(_ label: String, _ count: Int, _ elapsed: Duration, _ allowed: Int) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(count) / seconds
        print(
            "policy: \(label): \(count) decisions in \(format(seconds)) s = \(Int(perSecond)) decisions/s "
                + "(\(format(seconds / Double(count) * 1e9)) ns each; allowed \(allowed))")
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }

    /// 5,000 users over 40 managed policies, 10 groups and one inline policy each (with its own name).
    static func analysis() {
        let managed: [PolicyDocument] = (0..<40).map { i in
            let policies = typicalPolicies()
            var document = policies[i % 10]
            if i % 4 == 0 { document.statements.append(contentsOf: PolicyGenerator.requireMFA().statements) }
            if i % 7 == 0 {
                document.statements.append(
                    Statement(
                        effect: .allow, action: .action(["*"]), resource: .resource(["*"]),
                        conditions: [
                            ConditionClause(ConditionOperator(.bool, ifExists: true), MFAKey.present, ["true"])
                        ]))
            }
            return document
        }
        let groups: [[AttachedPolicy]] = (0..<10).map { g in
            (0..<3).map { k in
                let index = (g * 3 + k) % managed.count
                return AttachedPolicy(
                    name: "P\(index)",
                    source: .group(name: "G\(g)", managedARN: "arn:aws:iam::111122223333:policy/P\(index)"),
                    document: managed[index])
            }
        }
        let attachedManaged: [AttachedPolicy] = (0..<40).map { i in
            AttachedPolicy(
                name: "P\(i)", source: .managed(arn: "arn:aws:iam::111122223333:policy/P\(i)"), document: managed[i])
        }
        let clock = ContinuousClock()
        var principals: [PrincipalPolicies] = []
        let build = clock.measure {
            principals = (0..<5000).map { u in
                let inline = PolicyDocument(statements: [
                    Statement(
                        effect: .allow, action: .action(["s3:GetObject", "s3:PutObject"]),
                        resource: .resource(["arn:aws:s3:::home/user\(u)/*"]))
                ])
                var policies = groups[u % 10] + groups[(u / 10) % 10]
                policies.append(attachedManaged[u % 40])
                policies.append(AttachedPolicy(name: "Home", source: .inline, document: inline))
                return PrincipalPolicies(
                    principal: "arn:aws:iam::111122223333:user/user\(u)", identityPolicies: policies)
            }
        }
        var catalog: ActionCatalog?
        let catalogLoad = clock.measure { catalog = ActionCatalog.bundled }
        var index = ActionCatalogIndex(catalog!)
        var unguarded = 0
        var nonReadWithoutMFA = 0
        let elapsed = clock.measure {
            for principal in principals {
                let analyzer = MFAAnalyzer(principal)
                let keys = analyzer.analyze(.keyAbsent)
                _ = analyzer.analyze(.notAuthenticated)
                _ = analyzer.analyze(.authenticated(age: 300))
                if keys.allows("ec2:TerminateInstances") { unguarded += 1 }
                let counts = index.allowedCounts(keys)
                nonReadWithoutMFA += (counts[.write] ?? 0) + (counts[.permissionsManagement] ?? 0)
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let loadSeconds = Double(catalogLoad.components.seconds) + Double(catalogLoad.components.attoseconds) / 1e18
        print("policy: catalog parse (\(catalog!.entries.count) actions): \(format(loadSeconds * 1000)) ms")
        let buildSeconds = Double(build.components.seconds) + Double(build.components.attoseconds) / 1e18
        print(
            "policy: building 5000 principals (compiling each inline policy; shared ones once): \(format(buildSeconds)) s"
        )
        print(
            "policy: MFA analysis of \(principals.count) principals (3 states each, catalog counts for key-absent): "
                + "\(format(seconds)) s (\(unguarded) can terminate instances with long-term keys; "
                + "\(nonReadWithoutMFA) write/permissions actions in total)")
    }
}
