import Foundation
import Testing

@testable import IAMPolicy

/// One row of Fixtures/evaluation-cases.json: a request against a group's policies, with the decision
/// AWS's documentation gives (each group cites the documentation section it comes from).
struct EvaluationCase: CustomTestStringConvertible, Sendable {
    let group: String
    let doc: String
    let policies: [PolicyDocument]
    let boundaries: [PolicyDocument]
    let scps: [PolicyDocument]
    let action: String
    let resource: String?
    let context: [String: [String]]
    let expected: DecisionOutcome
    let matchedStatements: [Int]?

    var testDescription: String {
        let ctx = context.isEmpty ? "" : " \(context.sorted { $0.key < $1.key })"
        return "\(group): \(action) \(resource ?? "*")\(ctx) → \(expected.rawValue)"
    }

    static func load() throws -> [EvaluationCase] {
        let data = try TestPaths.fixture("evaluation-cases.json")
        guard let groups = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw OracleFailure(message: "evaluation-cases.json is not an array of groups")
        }
        var cases: [EvaluationCase] = []
        for group in groups {
            let name = group["group"] as! String
            let doc = group["doc"] as! String
            let policies = try (group["policies"] as! [Any]).map(policy(fromJSONObject:))
            let boundaries = try (group["boundaries"] as? [Any] ?? []).map(policy(fromJSONObject:))
            let scps = try (group["scps"] as? [Any] ?? []).map(policy(fromJSONObject:))
            for row in group["cases"] as! [[String: Any]] {
                var context: [String: [String]] = [:]
                for (key, value) in row["c"] as? [String: Any] ?? [:] {
                    context[key] = (value as? [String]) ?? [value as! String]
                }
                cases.append(
                    EvaluationCase(
                        group: name, doc: doc, policies: policies, boundaries: boundaries, scps: scps,
                        action: row["a"] as! String, resource: row["r"] as? String, context: context,
                        expected: DecisionOutcome(rawValue: row["e"] as! String)!,
                        matchedStatements: row["m"] as? [Int]))
            }
        }
        return cases
    }

    static let all: [EvaluationCase] = (try? load()) ?? []
}

@Suite("Evaluation table from AWS's documentation")
struct EvaluationTableTests {
    @Test func tableLoadsWithAtLeast300Cases() throws {
        let cases = try EvaluationCase.load()
        #expect(cases.count >= 300)
        #expect(Set(cases.map(\.doc)).count >= 15)
    }

    @Test(arguments: EvaluationCase.all)
    func decisionMatchesTheDocumentation(_ row: EvaluationCase) {
        let evaluator = PolicyEvaluator(policies: row.policies, boundaries: row.boundaries, scps: row.scps)
        let request = AccessRequest(action: row.action, resource: row.resource, context: RequestContext(row.context))
        let decision = evaluator.evaluate(request)
        #expect(decision.outcome == row.expected, "\(row.doc)")
        #expect(evaluator.decide(request) == row.expected, "fast path, \(row.doc)")
        if let statements = row.matchedStatements {
            #expect(decision.matched.map(\.statement) == statements)
        }
        if decision.outcome == .implicitDeny {
            #expect(decision.matched.isEmpty && !decision.missingAllow.isEmpty)
        } else if decision.notGovernedByPolicies {
            // sts:GetSessionToken and sts:GetCallerIdentity: allowed with no statement deciding it.
            #expect(decision.outcome == .allowed && decision.matched.isEmpty)
        } else {
            #expect(!decision.matched.isEmpty)
        }
    }
}
