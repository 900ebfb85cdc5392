import AWSClient
import ArgumentParser
import Foundation
import MFAGuardConsole
import MFAGuardKit

/// `mfaguard enforce`: plan, apply and roll back MFA enforcement (docs/enforce.md).
struct EnforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforce",
        abstract: "Plan and apply MFA enforcement (policies, a group, an MFA-only role) safely; roll it back.",
        subcommands: [Plan.self, Apply.self, Rollback.self]
    )
}

/// The options that say what state to reach, shared by `plan` and `apply`.
struct EnforcementOptions: ParsableArguments {
    @Option(help: "The enforcement group (created if missing).")
    var group: String

    @Option(help: "Users to add to the group: 'all' or a comma-separated list of names.")
    var users: String = "all"

    @Option(help: "Deny everything but self-service once the MFA sign-in is older than this many seconds.")
    var maxAge: Int?

    @Option(help: "Also create this role, assumable by the group only with MFA.")
    var adminRole: String?

    @Option(help: "A managed policy ARN to attach to --admin-role (repeatable).")
    var rolePolicyArn: [String] = []

    @Option(help: "The audit's exemptions file: exempted users are left out of the group and listed.")
    var exemptions: String?

    @Flag(help: "Go on even if the caller would lose access (it is in the group and has no MFA).")
    var allowLockout = false

    @Flag(help: "Go on even if a user in scope without MFA could not enrol a device themselves.")
    var allowNoSelfService = false

    @Flag(help: "Go on even if the plan exceeds the IAM quotas GetAccountSummary reports.")
    var allowQuota = false

    @Flag(help: "Go on even if users in scope look like automation (recent access keys, no MFA, no password).")
    var includeServiceUsers = false

    @Flag(
        help: "Give an existing policy of enforce's name a new version even if it reaches principals outside the plan.")
    var adoptExistingPolicy = false

    @Option(help: "Prefix of the policy names (PREFIX-require-mfa, ...), so that several enforcements coexist.")
    var policyPrefix: String = EnforcementRequest.defaultPolicyPrefix

    @Flag(help: "Check the caller as signed in without MFA even when its credentials carry a session token.")
    var assumeNoMfa = false

    func validate() throws {
        if !EnforcementRequest.isValidPolicyPrefix(policyPrefix) {
            throw ValidationError(
                "--policy-prefix takes 1-64 of the characters IAM allows in policy names (A-Z a-z 0-9 +=,.@_-)")
        }
        if let maxAge, maxAge <= 0 { throw ValidationError("--max-age must be a positive number of seconds") }
        if !rolePolicyArn.isEmpty, adminRole == nil { throw ValidationError("--role-policy-arn needs --admin-role") }
        if users.split(separator: ",").isEmpty { throw ValidationError("--users needs 'all' or user names") }
        let names = EnforcementRequest(
            group: group, users: userSelection, adminRole: adminRole, rolePolicyARNs: rolePolicyArn,
            policyPrefix: policyPrefix)
        if let problem = names.nameProblem() { throw ValidationError(problem) }
    }

    private var userSelection: EnforcementRequest.Users {
        let names = users.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return names == ["all"] ? .all : .named(names)
    }

    func request() throws -> EnforcementRequest {
        EnforcementRequest(
            group: group, users: userSelection, maxAge: maxAge, adminRole: adminRole,
            rolePolicyARNs: rolePolicyArn, exemptions: try exemptions.map { try Exemption.load(from: $0) } ?? [],
            overrides: .init(
                lockout: allowLockout, noSelfService: allowNoSelfService, quota: allowQuota,
                serviceUsers: includeServiceUsers, adoptExistingPolicy: adoptExistingPolicy),
            assumeCallerHasNoMFA: assumeNoMfa, policyPrefix: policyPrefix)
    }
}

extension EnforceCommand {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show what apply would change, as a diff (+ create, ~ new version, = in place), and the checks.",
            discussion: "Exits 2 when apply would refuse (a safety check fails and is not overridden).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: EnforcementOptions

        @Option(help: "Output format: table (a readable diff) or json (the steps).")
        var format: TableOrJSON = .table

        @Option(name: .shortAndLong, help: "Write the plan to this file instead of stdout.")
        var output: String?

        func run() async throws {
            let (plan, _) = try await EnforcementRun.plan(
                try options.request(), session: try global.session(maxRequestsPerSecond: 5), logger: global.logger)
            try OutputDestination(path: output).write(format == .json ? try plan.renderJSON() : plan.renderText())
            if let refusal = plan.refusals.first {
                throw MFAGuardFailure(.input, "apply would refuse: \(refusal.name): \(refusal.message)")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Apply a freshly computed plan step by step, journalling each change.",
            discussion: """
                Refuses (exit 2) when a safety check fails and is not overridden. Asks for confirmation on the \
                terminal unless --yes. Stops at the first failed step, prints what was done and the commands that \
                undo it (exit 3). The journal is write-ahead: each step's intent is synced before its AWS call, \
                its outcome after.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: EnforcementOptions

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        @Option(
            help: "Journal file (default: a timestamped file in $XDG_STATE_HOME/mfaguard or ~/.local/state/mfaguard).")
        var journal: String?

        func run() async throws {
            let request = try options.request()
            let session = try global.session(maxRequestsPerSecond: 5)
            try await EnforcementRun.apply(
                request, session: session, logger: global.logger, journalPath: journal,
                checkpoint: EnforceTestHook.checkpoint(environment: session.environment.variables),
                confirm: { changes, account in
                    if !yes {
                        let answer = try await Console.standard.ask(
                            "Apply \(changes) change(s) to account \(account)? [y/N] ",
                            purpose: "confirmation (or pass --yes)")
                        guard ["y", "yes"].contains(answer.lowercased()) else {
                            throw MFAGuardFailure(.input, "not applied: not confirmed")
                        }
                    }
                }, progress: { print($0) })
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollback",
            abstract: "Undo the changes of a journal, last first; a second rollback changes nothing.",
            discussion: """
                Refuses (exit 2) credentials of another account than the journal's. Undoes a step only on the \
                entity the journal recorded (same id, same mfaguard:enforcement tag); anything else is reported \
                "changed since apply, left alone" (exit 4). Asks for confirmation on the terminal unless --yes.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "The journal that apply wrote.")
        var journal: String

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() async throws {
            try await EnforcementRun.rollback(
                journalPath: journal, session: try global.session(maxRequestsPerSecond: 5),
                confirm: { count, account in
                    if !yes {
                        let answer = try await Console.standard.ask(
                            "Roll back \(count) journalled change(s) in account \(account)? [y/N] ",
                            purpose: "confirmation (or pass --yes)")
                        guard ["y", "yes"].contains(answer.lowercased()) else {
                            throw MFAGuardFailure(.input, "not rolled back: not confirmed")
                        }
                    }
                }, progress: { print($0) })
        }
    }
}
