import IAMPolicy
import Testing

/// `{"Effect": "Deny", "Effect": "Allow"}` means Allow to most JSON readers and something unknown to
/// IAM: files the user gives are refused with the place, and every repetition can be listed.
@Suite struct DuplicateKeyTests {
    static let repeatedEffect = """
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
        """

    @Test func strictParsingNamesTheRepeatedMember() throws {
        let error = #expect(throws: PolicyError.self) { try PolicyDocument(parsingStrictly: Self.repeatedEffect) }
        #expect(error?.path == "Statement[0].Effect")
        #expect(error?.line == 2)
        #expect(error?.column == 35)
        #expect(error?.message.hasPrefix("\"Effect\" is given twice in the same object") == true)
    }

    @Test func twoStatementMembersAreRefusedToo() throws {
        let text = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"},
             "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
            """
        #expect(PolicyDocument.duplicateKeys(in: text).map(\.path) == ["Statement"])
        #expect(throws: PolicyError.self) { try PolicyDocument(parsingStrictly: text) }
    }

    @Test func everyRepetitionIsListedWithItsPath() {
        let text = #"{"a": {"b": 1, "b": 2}, "c": [{"d": 1}, {"d": 1, "e": 0, "d": 2}], "a": 0}"#
        let found = PolicyDocument.duplicateKeys(in: text)
        #expect(found.map(\.path) == ["a.b", "c[1].d", "a"])
        #expect(found.map(\.column) == [16, 58, 68])
    }

    @Test func aDocumentWithoutRepetitionsParsesAsBefore() throws {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#
        #expect(try PolicyDocument(parsingStrictly: text) == PolicyDocument(parsing: text))
        #expect(PolicyDocument.duplicateKeys(in: text).isEmpty)
    }

    /// `policy lint` reports a repetition as a finding with its place instead of refusing the file, and
    /// goes on to lint the document as most readers take it (the last member).
    @Test func lintReportsEachRepetitionWithItsPlaceAndLintsTheRest() throws {
        let text = """
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}, "Effect": "Deny"}]}
            """
        let findings = try PolicyLinter.lint(text: text)
        let repeated = try #require(findings.first)
        #expect(repeated.rule == .duplicateKey)
        #expect(repeated.path == "Statement[0].Effect")
        #expect(repeated.statement == 0)
        #expect(repeated.line == 3 && repeated.column == 81)
        #expect(repeated.severity == .high)
        #expect(findings.dropFirst().contains { $0.rule == .boolFalseInDeny })
        #expect(findings.filter { $0.rule == .duplicateKey }.count == 1)
    }

    @Test func aRepeatedTopLevelStatementBelongsToNoStatement() throws {
        let text = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"},
             "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}
            """
        let findings = try PolicyLinter.lint(text: text)
        #expect(findings.map(\.rule) == [.duplicateKey])
        #expect(findings.first?.statement == nil)
        #expect(findings.first?.path == "Statement")
        #expect(findings.first?.line == 2)
    }

    @Test func lintWithoutRepetitionsEqualsTheDocumentLint() throws {
        let text =
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}"#
        #expect(try PolicyLinter.lint(text: text) == PolicyLinter.lint(try PolicyDocument(parsing: text)))
    }
}
