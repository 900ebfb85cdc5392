import Foundation
import TestSupport
import Testing

/// Enforcement that cannot surprise: existing policies are not adopted blindly, service users are not
/// swept in, plan says when apply would refuse, what apply writes passes mfaguard's own audit, and a
/// re-run of apply changes nothing (run against the release binary, as shipped).
@Suite struct EnforceChecksTests {
    static let arn = "arn:aws:iam::\(EnforceHarness.account)"
    static let require = "\(arn):policy/mfaguard-require-mfa"
    /// `mfaguard-require-mfa` made by someone else, attached to the seeded `admins` group and a service role.
    static let foreignPolicy = """
        arn = iam.create_policy(PolicyName="mfaguard-require-mfa", PolicyDocument=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}))["Policy"]["Arn"]
        iam.create_role(RoleName="svc-batch", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
        iam.attach_role_policy(RoleName="svc-batch", PolicyArn=arn)
        iam.attach_group_policy(GroupName="admins", PolicyArn=arn)
        """

    @Test func anExistingPolicyReachingPrincipalsOutsideThePlanIsRefusedUnlessAdopted() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        try harness.boto3(Self.foreignPolicy)
        let before = try harness.state()
        let options = ["--group", "mfa-required", "--users", "dev-nomfa-00001"]

        let plan = try harness.mfaguard(["enforce", "plan"] + options)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("attached to: group admins, role svc-batch"))
        #expect(plan.stdout.contains("[REFUSED] existing-policy"))
        #expect(plan.stderr.contains("apply would refuse: existing-policy"))
        #expect(plan.stderr.contains("role svc-batch"))
        let apply = try harness.mfaguard(["enforce", "apply", "--yes"] + options)
        #expect(apply.status == 2)
        #expect(apply.stderr.contains("refusing to apply: existing-policy"))
        #expect(try harness.state() == before)

        let adopted = try harness.mfaguard(["enforce", "plan", "--adopt-existing-policy"] + options)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("[OVERRIDDEN] existing-policy"))

        // With its own prefix, the enforcement leaves the other policy alone and coexists with it.
        let prefixed = try harness.mfaguard(["enforce", "apply", "--yes", "--policy-prefix", "team-a"] + options)
        #expect(prefixed.status == 0, "\(prefixed.stderr)")
        let after = try harness.state()
        #expect(after.policies["mfaguard-require-mfa"] == before.policies["mfaguard-require-mfa"])
        #expect(
            after.groups["mfa-required"]?.attached == [
                "\(Self.arn):policy/team-a-require-mfa", "\(Self.arn):policy/team-a-self-manage-mfa",
            ])
        #expect(try harness.mfaguard(["enforce", "plan", "--policy-prefix", "bad/name"] + options).status == 2)
    }

    @Test func theLockoutCheckCoversACallerReachedThroughAnAdoptedPolicy() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        // The caller has admin rights and, directly attached, the existing mfaguard-require-mfa.
        let keys = try harness.boto3(
            Self.foreignPolicy + """

                iam.create_user(UserName="lead-admin")
                iam.add_user_to_group(GroupName="admins", UserName="lead-admin")
                key = iam.create_access_key(UserName="lead-admin")["AccessKey"]
                print(key["AccessKeyId"], key["SecretAccessKey"])
                """
        ).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(keys.count == 2)
        let result = try harness.mfaguard(
            ["enforce", "plan", "--adopt-existing-policy", "--group", "mfa-required", "--users", "dev-mfa-00000"],
            keys: (keys[0], keys[1]))
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stdout.contains("[REFUSED] lockout: the caller lead-admin would lose access"))
        #expect(result.stdout.contains("a policy the plan changes applies to it"))
    }

    @Test func serviceUsersAreRefusedUnlessIncludedOrExempted() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        // ci-bot: an access key used just now (moto records the use), no password, no MFA.
        let keys = try harness.boto3(
            """
            iam.create_user(UserName="ci-bot")
            key = iam.create_access_key(UserName="ci-bot")["AccessKey"]
            boto3.client("iam", endpoint_url=sys.argv[1], aws_access_key_id=key["AccessKeyId"],
                         aws_secret_access_key=key["SecretAccessKey"], region_name="us-east-1").list_users()
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """)
        #expect(!keys.isEmpty)
        let before = try harness.state()
        let plan = try harness.mfaguard(["enforce", "plan", "--group", "mfa-required"])
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("[REFUSED] service-users"))
        #expect(plan.stderr.contains("ci-bot"))
        #expect(plan.stderr.contains("--include-service-users"))
        let apply = try harness.mfaguard(["enforce", "apply", "--yes", "--group", "mfa-required"])
        #expect(apply.status == 2)
        #expect(try harness.state() == before)

        let included = try harness.mfaguard(["enforce", "plan", "--group", "mfa-required", "--include-service-users"])
        #expect(included.status == 0, "\(included.stderr)")
        #expect(included.stdout.contains("[OVERRIDDEN] service-users"))
        let exemptions = harness.home + "/exemptions.json"
        try Data(#"[{"rule": "*", "principal": "ci-*", "reason": "CI pipeline"}]"#.utf8)
            .write(to: URL(fileURLWithPath: exemptions))
        let exempted = try harness.mfaguard(["enforce", "plan", "--group", "mfa-required", "--exemptions", exemptions])
        #expect(exempted.status == 0, "\(exempted.stderr)")
        #expect(exempted.stdout.contains("[ok] service-users"))
    }

    @Test func whatApplyWritesLeavesNoFindingOfMfaguardsOwnRules() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let applied = try harness.mfaguard([
            "enforce", "apply", "--yes", "--group", "mfa-required", "--max-age", "28800", "--admin-role", "mfa-admin",
        ])
        try #require(applied.status == 0, "\(applied.stderr)")
        let audit = try harness.mfaguard(["audit", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: audit.stdoutData) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let written: Set<String> = [
            "\(Self.arn):policy/mfaguard-require-mfa", "\(Self.arn):policy/mfaguard-self-manage-mfa",
            "\(Self.arn):policy/mfaguard-assume-mfa-admin", "\(Self.arn):role/mfa-admin",
        ]
        let own = findings.filter { written.contains($0["resource"] as? String ?? "") }
        #expect(own.isEmpty, "\(own.map { "\($0["rule"] ?? "") \($0["resource"] ?? "")" })")
        #expect(findings.count > 0, "the seeded account keeps its other findings")
    }

    /// Issue 20: the release binary re-created policy versions on every run (NSDictionary equality under the
    /// static standard library). Three applies: the second and third change nothing.
    @Test func reapplyingWithTheSameOptionsChangesNothing() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let options = [
            "--group", "mfa-required", "--max-age", "3600", "--admin-role", "mfa-admin", "--role-policy-arn",
            "\(Self.arn):policy/AdminAccess",
        ]
        let first = try harness.mfaguard(["enforce", "apply", "--yes"] + options)
        try #require(first.status == 0, "\(first.stderr)")
        let applied = try harness.state()
        #expect(applied.policies["mfaguard-require-mfa"]?.versions.count == 1)
        for run in 2...3 {
            let again = try harness.mfaguard(["enforce", "apply", "--yes"] + options)
            #expect(again.status == 0, "run \(run): \(again.stderr)")
            #expect(again.stdout.contains("= policy mfaguard-require-mfa is up to date"), "run \(run)")
            #expect(again.stdout.contains("Nothing to change"), "run \(run): \(again.stdout)")
            #expect(try harness.state() == applied, "run \(run)")
        }
    }
}
