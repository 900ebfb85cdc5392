import Foundation
import PropertyBased
import Testing

@testable import IAMPolicy

/// Invariants of the evaluation logic (reference_policies_evaluation-logic.html) on random policies.
@Suite("Evaluation properties")
struct PropertyTests {
    static let actionPatterns = [
        "*", "s3:*", "s3:Get*", "S3:getobject", "s3:?utObject", "ec2:*", "ec2:Run*", "iam:*", "iam:*User*",
        "sts:GetSessionToken",
    ]
    static let actions = [
        "s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:RunInstances", "iam:CreateUser", "sts:GetSessionToken",
    ]
    static let resources: [String?] = [nil, "arn:aws:s3:::b/k", "arn:aws:s3:::b/secret", "arn:aws:iam::1:user/alice"]
    static let conditions: [[ConditionClause]] = [
        [],
        [ConditionClause(ConditionOperator(.bool), MFAKey.present, ["true"])],
        [ConditionClause(ConditionOperator(.bool, ifExists: true), MFAKey.present, ["false"])],
        [ConditionClause(ConditionOperator(.numericLessThan), MFAKey.age, ["300"])],
        [ConditionClause(ConditionOperator(.null), MFAKey.age, ["true"])],
        [ConditionClause(ConditionOperator(.stringEquals), "aws:username", ["alice"])],
        [ConditionClause(ConditionOperator(.stringNotLike), "aws:username", ["b*"])],
    ]

    /// A statement built deterministically from random numbers.
    static func statement(_ n: [Int], effect: Effect? = nil) -> Statement {
        func pick<T>(_ list: [T], _ i: Int) -> T { list[n[i % n.count] % list.count] }
        let patterns = (0...(n[0] % 2)).map { pick(actionPatterns, 1 + $0) }
        let action: ActionElement = n[3 % n.count] % 4 == 0 ? .notAction(patterns) : .action(patterns)
        let resource: ResourceElement =
            switch n[4 % n.count] % 4 {
            case 0: .resource(["arn:aws:s3:::b/*"])
            case 1: .notResource(["arn:aws:s3:::b/secret"])
            case 2: .resource(["arn:aws:iam::*:user/${aws:username}"])
            default: .resource(["*"])
            }
        return Statement(
            effect: effect ?? (n[5 % n.count] % 3 == 0 ? .deny : .allow), action: action, resource: resource,
            conditions: pick(conditions, 6))
    }

    static func document(_ n: [Int], effect: Effect? = nil) -> PolicyDocument {
        let count = 1 + n[0] % 3
        return PolicyDocument(statements: (0..<count).map { i in statement(n.map { $0 &+ i &* 7919 }, effect: effect) })
    }

    static func request(_ n: [Int]) -> AccessRequest {
        let states = [MFAState.keyAbsent, .notAuthenticated, .authenticated(age: 60), .authenticated(age: 900)]
        var context = states[n[0] % states.count].context
        if n[1 % n.count] % 2 == 0 { context["aws:username"] = [n[2 % n.count] % 2 == 0 ? "alice" : "bob"] }
        return AccessRequest(
            action: actions[n[3 % n.count] % actions.count], resource: resources[n[4 % n.count] % resources.count],
            context: context)
    }

    static let recipe = Gen.int(in: 0...10_000).array(of: 7...12)

    @Test func addingADenyNeverTurnsADenyIntoAnAllow() async {
        await propertyCheck(count: 400, input: Self.recipe, Self.recipe, Self.recipe) { p, d, r in
            let request = Self.request(r)
            let before = PolicyEvaluator(policies: [Self.document(p)]).decide(request)
            let after = PolicyEvaluator(policies: [Self.document(p), Self.document(d, effect: .deny)]).decide(request)
            if before != .allowed { #expect(after != .allowed) }
            if before == .explicitDeny { #expect(after == .explicitDeny) }
        }
    }

    @Test func explicitDenyBeatsAnyAllow() async {
        await propertyCheck(count: 400, input: Self.recipe, Self.recipe, Self.recipe) { p, a, r in
            let request = Self.request(r)
            let base = [Self.document(p)]
            guard PolicyEvaluator(policies: base).decide(request) == .explicitDeny else { return }
            let allowEverything = PolicyDocument(statements: [
                Statement(effect: .allow, action: .action(["*"]), resource: .resource(["*"]))
            ])
            let widened = PolicyEvaluator(policies: base + [Self.document(a, effect: .allow), allowEverything])
            #expect(widened.decide(request) == .explicitDeny)
            #expect(PolicyEvaluator(policies: base, boundaries: [allowEverything]).decide(request) == .explicitDeny)
        }
    }

    @Test func addingAnAllowNeverTurnsAnAllowIntoADeny() async {
        await propertyCheck(count: 300, input: Self.recipe, Self.recipe, Self.recipe) { p, a, r in
            let request = Self.request(r)
            guard PolicyEvaluator(policies: [Self.document(p)]).decide(request) == .allowed else { return }
            #expect(
                PolicyEvaluator(policies: [Self.document(p), Self.document(a, effect: .allow)]).decide(request)
                    == .allowed)
        }
    }

    @Test func fastPathAgreesWithTheExplainedDecision() async {
        await propertyCheck(count: 400, input: Self.recipe, Self.recipe, Self.recipe, Self.recipe) { p, b, s, r in
            let request = Self.request(r)
            let evaluator = PolicyEvaluator(
                policies: [Self.document(p)], boundaries: b[0] % 2 == 0 ? [Self.document(b)] : [],
                scps: s[0] % 2 == 0 ? [Self.document(s)] : [])
            let decision = evaluator.evaluate(request)
            #expect(evaluator.decide(request) == decision.outcome)
            #expect(decision.matched.allSatisfy { $0.effect == (decision.outcome == .explicitDeny ? .deny : .allow) })
        }
    }

    @Test func canonicalJSONOfRandomPoliciesRoundTrips() async {
        await propertyCheck(count: 200, input: Self.recipe) { p in
            let document = Self.document(p)
            let parsed = try? PolicyDocument(parsing: document.prettyJSON)
            #expect(parsed == document)
        }
    }

    static let patternGen = Gen.element(of: ["a", "b", "*", "?", "é", ":"]).array(of: 0...8).map {
        $0.compactMap { $0 }.joined()
    }
    static let subjectGen = Gen.element(of: ["a", "b", "é", ":", "ab"]).array(of: 0...8).map {
        $0.compactMap { $0 }.joined()
    }

    /// The reference translation: `*` → `.*`, `?` → `.`, everything else literal, anchored.
    static func reference(_ pattern: String, _ subject: String, caseInsensitive: Bool) -> Bool {
        var regex = "^"
        for character in pattern {
            switch character {
            case "*": regex += ".*"
            case "?": regex += "."
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        regex += "$"
        var options: NSRegularExpression.Options = [.dotMatchesLineSeparators]
        if caseInsensitive { options.insert(.caseInsensitive) }
        let expression = try! NSRegularExpression(pattern: regex, options: options)
        let range = NSRange(subject.startIndex..., in: subject)
        return expression.firstMatch(in: subject, options: [], range: range) != nil
    }

    @Test func wildcardMatchingAgreesWithARegularExpression() async {
        await propertyCheck(count: 1000, input: Self.patternGen, Self.subjectGen) { pattern, subject in
            #expect(
                WildcardPattern(pattern).matches(subject) == Self.reference(pattern, subject, caseInsensitive: false))
        }
    }

    @Test func caseInsensitiveWildcardMatchingAgreesWithARegularExpression() async {
        let upper = Gen.element(of: ["A", "b", "*", "?", "S3:", "Get"]).array(of: 0...6).map {
            $0.compactMap { $0 }.joined()
        }
        let subject = Gen.element(of: ["a", "B", "s3:", "get", "x"]).array(of: 0...6).map {
            $0.compactMap { $0 }.joined()
        }
        await propertyCheck(count: 1000, input: upper, subject) { pattern, subject in
            let ours = WildcardPattern(pattern, caseInsensitive: true).matches(subject.lowercased())
            #expect(ours == Self.reference(pattern, subject, caseInsensitive: true))
        }
    }
}
