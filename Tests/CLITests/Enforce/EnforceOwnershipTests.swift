import Foundation
import TestSupport
import Testing

/// `enforce rollback` touches only what the journal proves enforce created, in the account it was written
/// in; the write-ahead journal converges after a kill at any step. State is read back with boto3.
@Suite struct EnforceOwnershipTests {
    static let other = "222222222222"
    static let twoUsers = ["--group", "mfa-required", "--users", "dev-mfa-00000,dev-nomfa-00001"]

    struct Journal: Decodable {
        struct Entry: Decodable {
            var status: String
            var createdID: String?
        }
        var schema: String
        var account: String
        var partition: String?
        var caller: String
        var runID: String?
        var entries: [Entry]
    }

    func journal(_ path: String) throws -> Journal {
        try JSONDecoder().decode(Journal.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func rollbackWithCredentialsOfAnotherAccountRefusesAndTouchesNothing() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let path = harness.home + "/journal.json"
        let applied = try harness.mfaguard(["enforce", "apply", "--yes", "--journal", path] + Self.twoUsers)
        try #require(applied.status == 0, "\(applied.stderr)")
        let recorded = try journal(path)
        #expect(recorded.schema == "mfaguard.enforce-journal/v2")
        #expect(recorded.account == EnforceHarness.account)
        #expect(recorded.partition == "aws")
        #expect(recorded.caller.hasPrefix("arn:aws:"))
        #expect(recorded.entries.allSatisfy { $0.status == "done" })

        // The other account has a group of the same name with a member and an admin policy.
        try harness.boto3(
            inAccount: Self.other,
            """
            iam.create_group(GroupName="mfa-required")
            iam.create_user(UserName="dev-mfa-00000")
            iam.add_user_to_group(GroupName="mfa-required", UserName="dev-mfa-00000")
            arn = iam.create_policy(PolicyName="admin", PolicyDocument=json.dumps({"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
            iam.attach_group_policy(GroupName="mfa-required", PolicyArn=arn)
            """)
        let ours = try harness.state()
        let rollback = try harness.mfaguard(
            ["enforce", "rollback", "--yes", "--journal", path],
            environment: try harness.otherAccountEnvironment(Self.other))
        #expect(rollback.status == 2, "\(rollback.stdout)\(rollback.stderr)")
        #expect(rollback.stderr.contains("account \(EnforceHarness.account)"))
        #expect(rollback.stderr.contains("account \(Self.other)"))
        #expect(rollback.stderr.split(separator: "\n").count == 1)
        let theirs = try harness.boto3(
            inAccount: Self.other,
            """
            g = iam.get_group(GroupName="mfa-required")
            attached = iam.list_attached_group_policies(GroupName="mfa-required")["AttachedPolicies"]
            print([u["UserName"] for u in g["Users"]], [p["PolicyName"] for p in attached])
            """)
        #expect(theirs.trimmingCharacters(in: .whitespacesAndNewlines) == "['dev-mfa-00000'] ['admin']")
        #expect(try harness.state() == ours)
    }

    @Test func aGroupReplacedSinceApplyIsLeftAloneWithExit4() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let before = try harness.state()
        let path = harness.home + "/journal.json"
        let applied = try harness.mfaguard(["enforce", "apply", "--yes", "--journal", path] + Self.twoUsers)
        try #require(applied.status == 0, "\(applied.stderr)")
        #expect(try journal(path).entries.contains { ($0.createdID ?? "").isEmpty == false })
        // Someone deletes the group and creates another of the same name (a new GroupId) with a member.
        try harness.boto3(
            """
            for u in ["dev-mfa-00000", "dev-nomfa-00001"]:
                iam.remove_user_from_group(GroupName="mfa-required", UserName=u)
            for p in iam.list_attached_group_policies(GroupName="mfa-required")["AttachedPolicies"]:
                iam.detach_group_policy(GroupName="mfa-required", PolicyArn=p["PolicyArn"])
            iam.delete_group(GroupName="mfa-required")
            iam.create_group(GroupName="mfa-required")
            iam.add_user_to_group(GroupName="mfa-required", UserName="analyst-00006")
            """)
        let rollback = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", path])
        #expect(rollback.status == 4, "\(rollback.stdout)\(rollback.stderr)")
        #expect(rollback.stdout.contains("changed since apply, left alone: create group mfa-required"))
        #expect(rollback.stdout.contains("the journal recorded"))
        let after = try harness.state()
        #expect(after.groups["mfa-required"]?.members == ["analyst-00006"])
        // The policies enforce created (tagged, same PolicyId, no longer attached) are gone.
        #expect(after.policies.keys.filter { $0.hasPrefix("mfaguard-") }.isEmpty)
        var expected = before
        expected.groups["mfa-required"] = after.groups["mfa-required"]
        #expect(after == expected)
    }

    @Test func aPolicyOfTheSameNameNotTaggedByThisRunIsLeftAlone() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let path = harness.home + "/journal.json"
        let applied = try harness.mfaguard(["enforce", "apply", "--yes", "--journal", path] + Self.twoUsers)
        try #require(applied.status == 0, "\(applied.stderr)")
        try harness.boto3(
            """
            arn = "arn:aws:iam::123456789012:policy/mfaguard-self-manage-mfa"
            iam.detach_group_policy(GroupName="mfa-required", PolicyArn=arn)
            iam.delete_policy(PolicyArn=arn)
            iam.create_policy(PolicyName="mfaguard-self-manage-mfa", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}))
            """)
        let rollback = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", path])
        #expect(rollback.status == 4, "\(rollback.stdout)\(rollback.stderr)")
        #expect(rollback.stdout.contains("changed since apply, left alone: create policy mfaguard-self-manage-mfa"))
        let after = try harness.state()
        #expect(after.policies.keys.contains("mfaguard-self-manage-mfa"))
        #expect(!after.policies.keys.contains("mfaguard-require-mfa"))
        #expect(after.groups["mfa-required"] == nil)
    }

    /// A kill before each AWS call (intent journalled) and after it (outcome not yet journalled), at every
    /// step: rollback always restores the state before apply.
    @Test func aKillAtAnyStepLeavesAJournalRollbackConvergesFrom() throws {
        let harness = try EnforceHarness(users: 3)
        defer { harness.remove() }
        let before = try harness.state()
        // 2 policies, the group, 2 attachments, 2 memberships.
        let steps = 7
        for point in ["intent", "call"] {
            for step in 1...steps {
                let path = harness.home + "/journal-\(point)-\(step).json"
                let killed = try harness.mfaguard(
                    ["enforce", "apply", "--yes", "--journal", path] + Self.twoUsers,
                    environment: ["MFAGUARD_TEST_EXIT_AT": "\(point):\(step)"])
                #expect(killed.status == 99, "\(point):\(step): \(killed.stderr)")
                let entries = try journal(path).entries
                #expect(entries.count == step, "\(point):\(step)")
                #expect(entries.last?.status == "pending", "\(point):\(step)")
                let rollback = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", path])
                #expect(rollback.status == 0, "\(point):\(step): \(rollback.stdout)\(rollback.stderr)")
                #expect(try harness.state() == before, "\(point):\(step): \(rollback.stdout)")
            }
        }
    }

    /// After a kill, a re-run of apply completes the enforcement; rolling back both journals, newest
    /// first, restores the state before.
    @Test func aKillThenReapplyConvergesAndBothJournalsRollBack() throws {
        let harness = try EnforceHarness(users: 3)
        defer { harness.remove() }
        let before = try harness.state()
        let reference = harness.home + "/reference.json"
        try #require(
            try harness.mfaguard(["enforce", "apply", "--yes", "--journal", reference] + Self.twoUsers).status == 0)
        let complete = try harness.state()
        try #require(try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", reference]).status == 0)
        try #require(try harness.state() == before)

        let first = harness.home + "/first.json"
        let killed = try harness.mfaguard(
            ["enforce", "apply", "--yes", "--journal", first] + Self.twoUsers,
            environment: ["MFAGUARD_TEST_EXIT_AT": "call:4"])
        #expect(killed.status == 99)
        let second = harness.home + "/second.json"
        let again = try harness.mfaguard(["enforce", "apply", "--yes", "--journal", second] + Self.twoUsers)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try harness.state() == complete)
        #expect(try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", second]).status == 0)
        let last = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", first])
        #expect(last.status == 0, "\(last.stdout)\(last.stderr)")
        #expect(try harness.state() == before)
    }

    /// Journals rolled back out of order: steps whose target went with the other rollback are "already
    /// undone", not an AWS error.
    @Test func rollingBackJournalsOutOfOrderReportsAlreadyUndone() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let before = try harness.state()
        let first = harness.home + "/first.json"
        let second = harness.home + "/second.json"
        try #require(
            try harness.mfaguard(
                [
                    "enforce", "apply", "--yes", "--journal", first, "--group", "mfa-required", "--users",
                    "dev-mfa-00000",
                ]
            ).status == 0)
        let applied = try harness.mfaguard(
            ["enforce", "apply", "--yes", "--journal", second, "--max-age", "3600"] + Self.twoUsers)
        try #require(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("~ new version of policy mfaguard-require-mfa"))

        let oldest = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", first])
        #expect(oldest.status == 0, "\(oldest.stdout)\(oldest.stderr)")
        let newest = try harness.mfaguard(["enforce", "rollback", "--yes", "--journal", second])
        #expect(newest.status == 0, "\(newest.stdout)\(newest.stderr)")
        #expect(newest.stdout.contains("= already undone: new version of policy mfaguard-require-mfa"))
        #expect(newest.stdout.contains("= already undone: add user dev-nomfa-00001 to group mfa-required"))
        #expect(try harness.state() == before)
    }

    @Test func rollbackWithoutYesAndWithoutATerminalAsksAndChangesNothing() throws {
        let harness = try EnforceHarness()
        defer { harness.remove() }
        let path = harness.home + "/journal.json"
        try #require(
            try harness.mfaguard(["enforce", "apply", "--yes", "--journal", path] + Self.twoUsers).status == 0)
        let applied = try harness.state()
        let result = try harness.mfaguard(["enforce", "rollback", "--journal", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mfaguard: "))
        #expect(result.stderr.contains("--yes"))
        #expect(try harness.state() == applied)
    }
}
