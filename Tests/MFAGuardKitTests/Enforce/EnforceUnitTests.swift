import Foundation
import MFAGuardKit
import Testing

/// The pure parts of enforcement: who the caller is, where journals go, how a plan reads.
@Suite struct EnforceUnitTests {
    @Test(
        arguments: [
            ("arn:aws:iam::123456789012:user/alice", "alice"),
            ("arn:aws:iam::123456789012:user/division/team/bob", "bob"),
            ("arn:aws-us-gov:iam::123456789012:user/carol", "carol"),
            ("arn:aws:sts::123456789012:assumed-role/admin/session", nil),
            ("arn:aws:iam::123456789012:root", nil),
            ("arn:aws:sts::123456789012:user/moto", nil),
        ] as [(String, String?)])
    func callerUserNameComesFromAnIAMUserARNOnly(arn: String, expected: String?) {
        #expect(EnforcementCaller(arn: arn, credentials: .longTerm).userName == expected)
    }

    @Test(
        arguments: [
            (["XDG_STATE_HOME": "/var/state"], "/var/state/mfaguard"),
            (["XDG_STATE_HOME": "relative/state"], "/home/u/.local/state/mfaguard"),
            ([:], "/home/u/.local/state/mfaguard"),
        ] as [([String: String], String)])
    func journalsGoToTheXDGStateDirectory(environment: [String: String], expected: String) {
        #expect(EnforcementJournal.stateDirectory(environment: environment, home: "/home/u") == expected)
    }

    @Test func defaultJournalNameIsTheUTCTime() {
        let path = EnforcementJournal.defaultPath(directory: "/s", now: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(path == "/s/enforce-20261118T110640Z.json")
    }

    @Test func undoCommandsReverseTheChangesThatMayHaveHappened() {
        func entry(_ step: EnforcementStep, _ status: EnforcementJournal.Status, version: String? = nil)
            -> EnforcementJournal.Entry
        {
            EnforcementJournal.Entry(at: Date(), step: step, status: status, createdVersionID: version)
        }
        var journal = EnforcementJournal(startedAt: Date(), account: "1", caller: "c", group: "g")
        let arn = "arn:aws:iam::1:policy/p"
        journal.entries = [
            entry(
                .init(
                    kind: .createPolicyVersion, change: true, target: "p", policyARN: arn, previousDefaultVersion: "v1"),
                .done, version: "v2"),
            entry(.init(kind: .createGroup, change: true, target: "g", group: "g"), .done),
            entry(.init(kind: .addUserToGroup, change: true, target: "g/u", group: "g", user: "u"), .unknown),
            entry(.init(kind: .attachGroupPolicy, change: true, target: "g/p", policyARN: arn, group: "g"), .failed),
        ]
        #expect(
            journal.undoCommands == [
                "aws iam remove-user-from-group --group-name g --user-name u",
                "aws iam delete-group --group-name g",
                "aws iam set-default-policy-version --policy-arn \(arn) --version-id v1",
                "aws iam delete-policy-version --policy-arn \(arn) --version-id v2",
            ])
    }
}
