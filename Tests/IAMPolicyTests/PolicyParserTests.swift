import Testing

@testable import IAMPolicy

/// The shapes of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
@Suite("Policy parser")
struct PolicyParserTests {
    @Test func statementMayBeAnObjectOrAnArray() throws {
        let single = try policy(#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#)
        let list = try policy(#"{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]}"#)
        #expect(single.statements == list.statements)
        #expect(single.version == nil)
    }

    @Test(arguments: [
        (#"{"AWS": "arn:aws:iam::111122223333:root"}"#, PrincipalType.aws, ["arn:aws:iam::111122223333:root"]),
        (#"{"AWS": ["111122223333", "444455556666"]}"#, .aws, ["111122223333", "444455556666"]),
        (#"{"Service": "ec2.amazonaws.com"}"#, .service, ["ec2.amazonaws.com"]),
        (#"{"Federated": "cognito-identity.amazonaws.com"}"#, .federated, ["cognito-identity.amazonaws.com"]),
        (
            #"{"CanonicalUser": "79a59df900b949e55d96a1e698fbaced"}"#, .canonicalUser,
            ["79a59df900b949e55d96a1e698fbaced"]
        ),
    ])
    func principalShapesAreRead(json: String, type: PrincipalType, values: [String]) throws {
        let document = try policy(
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": \#(json), "Action": "sts:AssumeRole"}}"#
        )
        guard case .principal(let principal) = document.statements[0].principal else {
            Issue.record("no principal")
            return
        }
        #expect(principal.values(of: type) == values)
    }

    @Test func principalStarAndNotPrincipal() throws {
        let document = try policy(
            #"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},"#
                + #"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:user/a"}, "Action": "s3:*"}]}"#)
        #expect(document.statements[0].principal == .principal(.anyone))
        #expect(document.statements[1].principal == .notPrincipal(.identifiers([(.aws, ["arn:aws:iam::1:user/a"])])))
    }

    @Test func conditionValuesMayBeStringsNumbersBooleansOrArrays() throws {
        let document = try policy(
            #"{"Version": "2008-10-17", "Statement": {"Sid": "x", "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"#
                + #""NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "Bool": {"aws:MultiFactorAuthPresent": true},"#
                + #""ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}, "IpAddress": {"aws:SourceIp": ["1.2.3.4", 5]}}}}"#
        )
        let clauses = document.statements[0].conditions
        #expect(document.version == .v2008_10_17)
        #expect(clauses.map(\.values) == [["3600"], ["true"], ["a", "b"], ["1.2.3.4", "5"]])
        #expect(clauses[2].op == ConditionOperator(.stringEquals, qualifier: .forAnyValue))
    }

    @Test(arguments: [
        (#"{"Statement": {"Effect": "Permit", "Action": "*"}}"#, "Statement.Effect", "Effect must be"),
        (
            #"{"Statement": [{"Effect": "Allow", "Action": "*"}, {"Effect": "Allow"}]}"#, "Statement[1]",
            "neither Action"
        ),
        (
            #"{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*"}]}"#, "Statement[0].NotAction",
            "both"
        ),
        (#"{"Version": "2012-10-18", "Statement": []}"#, "Version", "2012-10-17"),
        (
            #"{"Statement": {"Effect": "Allow", "Action": "*", "Condition": {"StringEqualz": {"a": "b"}}}}"#,
            "Statement.Condition.StringEqualz", "unknown condition operator"
        ),
        (
            #"{"Statement": {"Effect": "Allow", "Action": "*", "Condition": {"NullIfExists": {"a": "true"}}}}"#,
            "Statement.Condition.NullIfExists", "unknown condition operator"
        ),
        (
            #"{"Statement": {"Effect": "Allow", "Action": "*", "Condition": {"Bool": {"a": null}}}}"#,
            "Statement.Condition.Bool.a", "string, number or boolean"
        ),
        (
            #"{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", 5]}}"#, "Statement.Action[1]",
            "must be a string"
        ),
        (#"{"Statement": {"Effect": "Allow", "Action": "GetObject"}}"#, "Statement.Action", "service:action"),
        (
            #"{"Statement": {"Effect": "Allow", "Principal": {"User": "x"}, "Action": "*"}}"#,
            "Statement.Principal.User",
            "unknown principal type"
        ),
        (
            #"{"Statement": {"Effect": "Allow", "Action": "*", "Ressource": "*"}}"#, "Statement.Ressource",
            "unknown element"
        ),
        (#"{"Version": "2012-10-17"}"#, "", "no Statement"),
        (#"[1]"#, "", "JSON object"),
    ])
    func malformedDocumentsNameTheProblemAndItsPath(json: String, path: String, message: String) {
        do {
            _ = try policy(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.kind == .structure)
            #expect(error.path == path)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// A JSON syntax error reaches the policy reader's caller as a `PolicyError` of kind `syntax`, with the
    /// line and column of the JSON reader's error.
    @Test func syntaxErrorNamesTheProblemAndPosition() {
        #expect(
            throws: PolicyError(
                kind: .syntax, message: "unexpected character '}', expected a value", line: 3, column: 1)
        ) {
            try PolicyDocument(parsing: "{\"a\":\n  \n}")
        }
        #expect(throws: PolicyError(kind: .syntax, message: "unterminated string", line: 1, column: 2)) {
            try PolicyDocument(parsing: "[\"abc")
        }
    }

    @Test func canonicalJSONRoundTrips() throws {
        for document in [PolicyGenerator.requireMFA(maxAge: 900), PolicyGenerator.mfaTrust(accounts: ["111122223333"])]
        {
            #expect(try policy(document.prettyJSON) == document)
        }
    }

    @Test(arguments: [
        "StringLikeIfExists", "ForAllValues:StringNotEqualsIgnoreCase", "foranyvalue:arnlike", "BoolIfExists",
    ])
    func operatorNamesParse(name: String) throws {
        let op = try #require(ConditionOperator(name: name))
        #expect(op.description.lowercased() == name.lowercased())
    }
}
