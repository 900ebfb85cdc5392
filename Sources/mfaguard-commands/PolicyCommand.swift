import ArgumentParser
import IAMPolicy
import JSON
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard policy`: simulate, analyse, lint and generate IAM policies, offline.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Simulate, analyse, lint and generate IAM policies (offline).",
        subcommands: [Simulate.self, Analyze.self, Lint.self, Generate.self]
    )
}

/// `--format` and `--output`, shared by the commands that print data.
struct PolicyOutputOptions: ParsableArguments {
    @Option(help: "Output format: table (for people) or json (for programs).")
    var format: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output (- for standard output).")
    var output: String?

    enum OutputFormat: String, CaseInsensitiveArgument {
        case table, json
    }
}

extension PolicyCommand {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Decide one request against policies, or JSON Lines requests from stdin with --batch.",
            discussion: """
                Decisions are those of SimulatePrincipalPolicy: allowed, explicitDeny, implicitDeny. With \
                --batch, each stdin line is {"id", "policies": [...], "boundaries", "scps", "action", \
                "resource", "context"} and each output line {"id", "decision", "matched": [{"policy", \
                "statement", "sid"}]}; a bad line gets {"id", "error"} and the batch goes on. \
                Statement numbers are 0-based. Exit code 0 whatever the decision, 2 for bad input.
                """
        )

        @Option(name: .customLong("policy"), parsing: .upToNextOption, help: "Identity-based policy file(s).")
        var policies: [String] = []

        @Option(name: .customLong("boundary"), parsing: .upToNextOption, help: "Permissions boundary file(s).")
        var boundaries: [String] = []

        @Option(name: .customLong("scp"), parsing: .upToNextOption, help: "Service control policy file(s).")
        var scps: [String] = []

        @Option(help: "The action, e.g. s3:DeleteObject.")
        var action: String?

        @Option(help: "The resource ARN (default \"*\").")
        var resource: String?

        @Option(help: "A request context key, KEY=VALUE; repeat a key for several values.")
        var context: [String] = []

        @Flag(help: "Read JSON Lines requests on stdin and write one decision line per request.")
        var batch = false

        @OptionGroup var outputOptions: PolicyOutputOptions

        func validate() throws {
            if batch {
                guard policies.isEmpty, action == nil else {
                    throw ValidationError("--batch takes its policies and actions from stdin; drop --policy/--action.")
                }
            } else {
                guard !policies.isEmpty else { throw ValidationError("Give at least one --policy FILE (or --batch).") }
                guard action != nil else { throw ValidationError("Give the --action to simulate.") }
            }
        }

        func run() throws {
            if batch {
                SimulationBatch.run()
                return
            }
            let evaluator = PolicyEvaluator(
                policies: try policies.map(PolicyFiles.load), boundaries: try boundaries.map(PolicyFiles.load),
                scps: try scps.map(PolicyFiles.load))
            let request = AccessRequest(
                action: action!, resource: resource, context: try PolicyFiles.context(context))
            let decision = evaluator.evaluate(request)
            let text =
                switch outputOptions.format {
                case .table: PolicyRendering.decisionTable(decision, request: request)
                case .json: JSONWriter.pretty(PolicyRendering.decisionJSON(decision))
                }
            try PolicyFiles.write(text, to: outputOptions.output)
        }
    }

    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Show what policies allow in each MFA state: key absent, MFA false, MFA present.",
            discussion: """
                States: key absent (long-term access keys), aws:MultiFactorAuthPresent=false (console \
                without MFA), MFA present with --mfa-age seconds. Each state shows the allowed actions as \
                a formula of action patterns and as catalog actions ranked by access level. Conditions on \
                other keys (unless given with --context) count as satisfiable, so the result never \
                understates access.
                """
        )

        @Option(name: .customLong("policy"), parsing: .upToNextOption, help: "Identity-based policy file(s).")
        var policies: [String] = []

        @Option(help: "An account snapshot (from 'mfaguard snapshot') to take the principal's policies from.")
        var snapshot: String?

        @Option(help: "With --snapshot: the user or role (ARN or name) whose policies to analyse.")
        var principal: String?

        @Option(name: .customLong("boundary"), help: "Permissions boundary file.")
        var boundary: String?

        @Option(name: .customLong("scp"), parsing: .upToNextOption, help: "Service control policy file(s).")
        var scps: [String] = []

        @Option(help: "A known request context key, KEY=VALUE (e.g. aws:username=alice).")
        var context: [String] = []

        @Option(help: "Age in seconds of the MFA sign-in for the MFA-present state.")
        var mfaAge = 300

        @Option(name: .customLong("check"), help: "Also say whether this action is allowed in each state.")
        var checks: [String] = []

        @Option(help: "How many catalog actions to list per state (0 for all).")
        var limit = 25

        @OptionGroup var outputOptions: PolicyOutputOptions

        func validate() throws {
            if snapshot != nil || principal != nil {
                guard snapshot != nil, principal != nil else {
                    throw ValidationError("--snapshot and --principal go together.")
                }
                guard policies.isEmpty, boundary == nil else {
                    throw ValidationError("Give either --snapshot with --principal, or --policy files, not both.")
                }
            } else {
                guard !policies.isEmpty else {
                    throw ValidationError("Give at least one --policy FILE, or --snapshot FILE --principal ARN.")
                }
            }
            guard mfaAge >= 0 else { throw ValidationError("--mfa-age must not be negative.") }
            guard limit >= 0 else { throw ValidationError("--limit must not be negative.") }
        }

        func run() throws {
            var principal = PrincipalPolicies(
                principal: policies.joined(separator: ", "),
                identityPolicies: try policies.map {
                    AttachedPolicy(name: $0, source: .file(path: $0), document: try PolicyFiles.load($0))
                },
                permissionsBoundary: try boundary.map {
                    AttachedPolicy(name: $0, source: .file(path: $0), document: try PolicyFiles.load($0))
                },
                serviceControlPolicies: try scps.map {
                    AttachedPolicy(name: $0, source: .file(path: $0), document: try PolicyFiles.load($0))
                })
            if let snapshot, let name = self.principal {
                let loaded = try AccountSnapshot.load(from: snapshot)
                guard let found = try loaded.principalPolicies(for: name) else {
                    throw MFAGuardFailure(.input, "\(snapshot) has no user or role '\(name)'")
                }
                principal.principal = found.principal
                principal.identityPolicies = found.identityPolicies
                principal.permissionsBoundary = found.permissionsBoundary
            }
            var index = ActionCatalogIndex(.bundled)
            let report = PolicyAnalysisReport(
                principal: principal, mfaAge: mfaAge, knownContext: try PolicyFiles.context(context), checks: checks,
                index: &index)
            let text =
                switch outputOptions.format {
                case .table: report.table(limit: limit)
                case .json: report.json(limit: limit)
                }
            try PolicyFiles.write(text, to: outputOptions.output)
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Find MFA conditions that do not do what they seem.",
            discussion: """
                Each finding has a stable id (see docs/policy-engine.md), the statement and the fix. \
                Exit codes: 0 no findings, 1 findings, 2 a file could not be read or parsed.
                """
        )

        @Argument(help: "Policy files to lint.")
        var files: [String]

        @Option(help: "Policy kind: auto (trust when a statement has Principal), identity, trust, boundary, scp.")
        var kind: Kind = .auto

        @Option(help: "Output format: table, json or sarif.")
        var format: PolicyOutputFormat = .table

        @Option(name: .shortAndLong, help: "Write to FILE instead of standard output (- for standard output).")
        var output: String?

        enum Kind: String, CaseInsensitiveArgument {
            case auto, identity, trust, boundary, scp
        }

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("Give at least one policy file.") }
        }

        func run() throws {
            let policyKind = PolicyLinter.PolicyKind(rawValue: kind.rawValue)
            var results: [(file: String, findings: [LintFinding])] = []
            for file in files {
                results.append((file, try PolicyFiles.lint(file, kind: policyKind)))
            }
            let text =
                switch format {
                case .table: PolicyRendering.lintTable(results)
                case .json: PolicyRendering.lintJSON(results)
                case .sarif: PolicyRendering.lintSARIF(results)
                }
            try PolicyFiles.write(text, to: output)
            if results.contains(where: { !$0.findings.isEmpty }) { throw MFAGuardFailure(.findings) }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Print a recommended MFA policy as canonical JSON.",
            discussion: """
                require-mfa      deny everything except MFA self-service unless MFA (optional --max-age)
                self-manage-mfa  let users create, enable, resync and (with MFA) deactivate their own device
                mfa-trust        role trust policy for --account principals, MFA required (optional --max-age)
                mfa-max-age      deny --actions unless MFA within --max-age seconds
                """
        )

        enum Kind: String, CaseInsensitiveArgument, CaseIterable {
            case requireMFA = "require-mfa"
            case selfManageMFA = "self-manage-mfa"
            case mfaTrust = "mfa-trust"
            case mfaMaxAge = "mfa-max-age"
        }

        @Argument(help: "require-mfa, self-manage-mfa, mfa-trust or mfa-max-age.")
        var kind: Kind

        @Option(help: "Maximum age in seconds of the MFA sign-in.")
        var maxAge: Int?

        @Option(name: .customLong("account"), help: "Account ID or principal ARN allowed to assume (mfa-trust).")
        var accounts: [String] = []

        @Option(name: .customLong("actions"), help: "Action patterns to protect (mfa-max-age), e.g. 's3:Delete*'.")
        var actions: [String] = []

        @Option(name: .shortAndLong, help: "Write to FILE instead of standard output (- for standard output).")
        var output: String?

        func validate() throws {
            if let maxAge, maxAge <= 0 { throw ValidationError("--max-age must be a positive number of seconds.") }
            switch kind {
            case .mfaTrust:
                guard !accounts.isEmpty else { throw ValidationError("mfa-trust needs at least one --account.") }
            case .mfaMaxAge:
                guard !actions.isEmpty, maxAge != nil else {
                    throw ValidationError("mfa-max-age needs --actions and --max-age.")
                }
            case .selfManageMFA:
                guard maxAge == nil else { throw ValidationError("self-manage-mfa takes no --max-age.") }
            case .requireMFA:
                break
            }
            if kind != .mfaTrust && !accounts.isEmpty { throw ValidationError("--account is for mfa-trust only.") }
            if kind != .mfaMaxAge && !actions.isEmpty { throw ValidationError("--actions is for mfa-max-age only.") }
        }

        func run() throws {
            let document: PolicyDocument =
                switch kind {
                case .requireMFA: PolicyGenerator.requireMFA(maxAge: maxAge)
                case .selfManageMFA: PolicyGenerator.selfManageMFA()
                case .mfaTrust: PolicyGenerator.mfaTrust(accounts: accounts, maxAge: maxAge)
                case .mfaMaxAge:
                    PolicyGenerator.mfaMaxAge(
                        actions: actions.flatMap { $0.split(separator: ",").map(String.init) }, maxAge: maxAge!)
                }
            try PolicyFiles.write(document.prettyJSON, to: output)
        }
    }
}

extension PolicyOutputFormat: CaseInsensitiveArgument {}
