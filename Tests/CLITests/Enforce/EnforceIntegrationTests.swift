import Foundation
import IAMPolicy
import MFAGuardKit
import TestSupport
import Testing

/// `mfaguard enforce plan|apply|rollback` end to end on a seeded moto account; the account's state is
/// read back with boto3 (scripts/testing/iam_state.py), never through mfaguard's own output.
@Suite struct EnforceIntegrationTests {
    static let arn = "arn:aws:iam::\(EnforceHarness.account)"
    static let require = "\(arn):policy/mfaguard-require-mfa"
    static let selfManage = "\(arn):policy/mfaguard-self-manage-mfa"
    static let assume = "\(arn):policy/mfaguard-assume-mfa-admin"
    static let adminAccess = "\(arn):policy/AdminAccess"
    static let fullOptions = [
        "--group", "mfa-required", "--max-age", "3600", "--admin-role", "mfa-admin", "--role-policy-arn", adminAccess,
    ]
    /// A require-MFA policy that already exists with another document: apply must add a version.
    static let oldRequirePolicy = """
        iam.create_policy(PolicyName="mfaguard-require-mfa", PolicyDocument=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}))
        """

    struct PlanJSON: Decodable {
        struct Step: Decodable {
            var kind: String
            var change: Bool
            var target: String
        }
        struct Exempted: Decodable { var user: String }
        var steps: [Step]
        var exempted: [Exempted]
    }

    @Test func planListsExactlyTheExpectedChangesAndChangesNothing() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        try harness.boto3(
            Self.oldRequirePolicy + """

                iam.create_group(GroupName="mfa-required")
                iam.add_user_to_group(GroupName="mfa-required", UserName="analyst-00006")
                """)
        let exemptions = harness.home + "/exemptions.json"
        try Data(#"[{"rule": "*", "principal": "svc-admin-*", "reason": "break-glass automation"}]"#.utf8)
            .write(to: URL(fileURLWithPath: exemptions))
        let before = try harness.state()

        let result = try harness.mfaguard(
            ["enforce", "plan", "--format", "json", "--exemptions", exemptions] + Self.fullOptions)
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try JSONDecoder().decode(PlanJSON.self, from: result.stdoutData)

        let users = try harness.userNames()
        var expected: Set<String> = [
            "createPolicyVersion mfaguard-require-mfa", "createPolicy mfaguard-self-manage-mfa",
            "createPolicy mfaguard-assume-mfa-admin", "attachGroupPolicy mfa-required/mfaguard-require-mfa",
            "attachGroupPolicy mfa-required/mfaguard-self-manage-mfa",
            "attachGroupPolicy mfa-required/mfaguard-assume-mfa-admin", "createRole mfa-admin",
            "attachRolePolicy mfa-admin/\(Self.adminAccess)",
        ]
        for user in users where !user.hasPrefix("svc-admin-") && user != "analyst-00006" {
            expected.insert("addUserToGroup mfa-required/\(user)")
        }
        let changes = plan.steps.filter(\.change).map { "\($0.kind) \($0.target)" }
        #expect(Set(changes) == expected)
        #expect(changes.count == expected.count)
        #expect(
            Set(plan.steps.filter { !$0.change }.map { "\($0.kind) \($0.target)" })
                == ["createGroup mfa-required", "addUserToGroup mfa-required/analyst-00006"])
        #expect(plan.exempted.map(\.user) == users.filter { $0.hasPrefix("svc-admin-") })

        let text = try harness.mfaguard(["enforce", "plan", "--exemptions", exemptions] + Self.fullOptions)
        #expect(text.stdout.contains("~ new version of policy mfaguard-require-mfa (default now v1"))
        #expect(text.stdout.contains("+ add user dev-mfa-00000 to group mfa-required"))
        #expect(text.stdout.contains("= user analyst-00006 is in group mfa-required"))
        #expect(text.stdout.contains("svc-admin-00002: break-glass automation"))
        #expect(try harness.state() == before)
    }

    @Test func applyCreatesThePlanIdempotentlyAndRollbackRestoresThePreviousState() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        try harness.boto3(Self.oldRequirePolicy)
        let before = try harness.state()
        let journal = harness.home + "/journal.json"

        let applied = try harness.mfaguard(["enforce", "apply", "--yes", "--journal", journal] + Self.fullOptions)
        #expect(applied.status == 0, "\(applied.stderr)")
        let after = try harness.state()
        let users = try harness.userNames()
        #expect(after.groups["mfa-required"]?.members == users)
        #expect(after.groups["mfa-required"]?.attached == [Self.assume, Self.require, Self.selfManage].sorted())
        let require = try #require(after.policies["mfaguard-require-mfa"])
        #expect(
            require.versions["v1"]
                == before.policies["mfaguard-require-mfa"]?.versions["v1"].map {
                    .init(default: false, document: $0.document)
                })
        let v2 = try #require(require.versions["v2"])
        #expect(v2.default)
        let statements = v2.document["Statement"]?.array ?? []
        let deny = try #require(statements.first { $0["Sid"]?.string == "DenyAllExceptListedIfNoMFA" })
        #expect(deny["Effect"]?.string == "Deny")
        #expect(deny["Condition"]?["BoolIfExists"]?["aws:MultiFactorAuthPresent"]?.string == "false")
        #expect(
            statements.contains { $0["Condition"]?["NumericGreaterThan"]?["aws:MultiFactorAuthAge"]?.string == "3600" })
        #expect(after.policies["mfaguard-self-manage-mfa"]?.versions.keys.sorted() == ["v1"])
        let role = try #require(after.roles["mfa-admin"])
        #expect(role.attached == [Self.adminAccess])
        let trust = try #require(role.trust["Statement"]?.array.first)
        #expect(trust["Condition"]?["Bool"]?["aws:MultiFactorAuthPresent"]?.string == "true")
        #expect(trust["Condition"]?["NumericLessThan"]?["aws:MultiFactorAuthAge"]?.string == "3600")
        #expect(trust["Principal"]?["AWS"]?.string == "\(Self.arn):root")
        for (name, group) in before.groups { #expect(after.groups[name] == group, "group \(name) changed") }
        #expect(applied.stdout.contains("Audit findings"))
        #expect(applied.stdout.contains("access-key-unguarded"))

        // The journal: one entry per change, with timestamps and request ids.
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: journal))) as? [String: Any])
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.count == 9 + users.count)
        #expect(
            entries.allSatisfy {
                ($0["status"] as? String) == "done" && !(($0["requestID"] as? String) ?? "").isEmpty
                    && $0["at"] is String
            })

        let again = try harness.mfaguard(
            ["enforce", "apply", "--yes", "--journal", harness.home + "/second.json"] + Self.fullOptions)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Nothing to change"))
        #expect(!FileManager.default.fileExists(atPath: harness.home + "/second.json"))
        #expect(try harness.state() == after)

        let rollback = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", journal])
        #expect(rollback.status == 0, "\(rollback.stdout)\(rollback.stderr)")
        #expect(try harness.state() == before)
        let secondRollback = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", journal])
        #expect(secondRollback.status == 0, "\(secondRollback.stderr)")
        #expect(secondRollback.stdout.contains("Nothing to undo"))
        #expect(try harness.state() == before)
    }

    @Test func aFailedStepStopsApplyAndLeavesAJournalRollbackUses() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let before = try harness.state()
        let proxy = try FaultProxy.start(
            upstream: harness.moto,
            failActions: ["AddUserToGroup:LimitExceeded:Cannot exceed quota for GroupsPerUser: 10"])
        let journal = harness.home + "/journal.json"

        let result = try harness.mfaguard(
            [
                "enforce", "apply", "--yes", "--journal", journal, "--group", "mfa-required", "--users",
                "dev-mfa-00000,analyst-00006",
            ],
            endpoint: proxy.url)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("LimitExceeded"))
        #expect(result.stdout.contains("mfaguard enforce rollback --journal \(journal)"))
        #expect(result.stdout.contains("aws iam delete-group --group-name mfa-required"))
        #expect(
            result.stdout.contains("aws iam detach-group-policy --group-name mfa-required --policy-arn \(Self.require)")
        )
        let stats = try FaultProxy.stats(proxy)
        #expect(stats.faults["fail-action:AddUserToGroup"] == 1)
        #expect(stats.signature_failures.isEmpty)

        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: journal))) as? [String: Any])
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.map { $0["status"] as? String } == ["done", "done", "done", "done", "done", "failed"])
        #expect(try harness.state().groups["mfa-required"]?.attached == [Self.require, Self.selfManage])

        let rollback = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", journal])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try harness.state() == before)
    }

    @Test func refusesToLockOutACallerWithoutMFAAndNamesTheDeniedAction() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let keys = try harness.boto3(
            """
            iam.create_user(UserName="lead-admin")
            iam.add_user_to_group(GroupName="admins", UserName="lead-admin")
            key = iam.create_access_key(UserName="lead-admin")["AccessKey"]
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """
        ).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(keys.count == 2)
        let before = try harness.state()

        let result = try harness.mfaguard(
            ["enforce", "apply", "--yes", "--group", "admins", "--users", "lead-admin"], keys: (keys[0], keys[1]))
        #expect(result.status == 2)
        #expect(result.stderr.contains("refusing to apply: lockout"))
        #expect(result.stderr.contains("lead-admin would lose access"))
        #expect(result.stderr.contains("iam:DetachGroupPolicy on \(Self.arn):group/admins would be denied"))
        #expect(result.stderr.contains("DenyAllExceptListedIfNoMFA"))
        #expect(try harness.state() == before)

        let overridden = try harness.mfaguard(
            ["enforce", "plan", "--group", "admins", "--users", "lead-admin", "--allow-lockout"],
            keys: (keys[0], keys[1]))
        #expect(overridden.stdout.contains("[OVERRIDDEN] lockout"))
        let other = try harness.mfaguard(
            ["enforce", "plan", "--group", "mfa-required", "--users", "dev-mfa-00000"], keys: (keys[0], keys[1]))
        #expect(other.stdout.contains("[ok] lockout: the caller lead-admin is not in group mfa-required"))
    }

    @Test func refusesWhenAUserWithoutMFACouldNotEnrol() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        try harness.boto3(
            """
            iam.create_user(UserName="locked-newbie")
            iam.create_login_profile(UserName="locked-newbie", Password="Sample-Passw0rd!")
            iam.put_user_policy(UserName="locked-newbie", PolicyName="no-devices", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": "iam:CreateVirtualMFADevice", "Resource": "*"}]}))
            """)
        let before = try harness.state()
        let result = try harness.mfaguard([
            "enforce", "apply", "--yes", "--group", "mfa-required", "--users", "locked-newbie,dev-nomfa-00001",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("refusing to apply: self-service"))
        #expect(result.stderr.contains("locked-newbie (iam:CreateVirtualMFADevice denied)"))
        #expect(!result.stderr.contains("dev-nomfa-00001"))
        #expect(try harness.state() == before)
    }

    @Test func refusesWhenThePolicyHasNoRoomForAnotherVersion() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        try harness.boto3(
            Self.oldRequirePolicy + """

                for action in ["s3:DeleteObject", "s3:PutObject", "ec2:TerminateInstances", "ec2:StopInstances"]:
                    iam.create_policy_version(PolicyArn="\(Self.require)", SetAsDefault=False, PolicyDocument=json.dumps(
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": action, "Resource": "*"}]}))
                """)
        let before = try harness.state()
        #expect(before.policies["mfaguard-require-mfa"]?.versions.count == 5)
        let result = try harness.mfaguard([
            "enforce", "apply", "--yes", "--group", "mfa-required", "--users", "dev-mfa-00000",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("refusing to apply: quota"))
        #expect(result.stderr.contains("mfaguard-require-mfa already has 5 versions (quota 5)"))
        #expect(try harness.state() == before)
    }
}
