import IAMPolicy
import JSON

/// Output formats of the `policy` commands.
public enum PolicyOutputFormat: String, CaseIterable, Sendable {
    case table, json, sarif
}

/// Renders simulation decisions and lint findings for people (`table`) and programs (`json`, `sarif`).
public enum PolicyRendering {
    /// `{"id", "decision", "matched": [{"policy", "statement", "sid"}]}` (id only when given).
    public static func decisionJSON(_ decision: Decision, id: JSONValue? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let id { members.append(("id", id)) }
        members.append(("decision", .string(decision.outcome.rawValue)))
        members.append(("matched", .array(decision.matched.map(matchedJSON))))
        if !decision.missingAllow.isEmpty {
            members.append(("missingAllow", .array(decision.missingAllow.map { .string($0.rawValue) })))
        }
        return .object(members)
    }

    static func matchedJSON(_ match: MatchedStatement) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("policy", .string(match.policy)), ("statement", .number(String(match.statement))),
        ]
        if let sid = match.sid { members.append(("sid", .string(sid))) }
        members.append(("effect", .string(match.effect.rawValue)))
        return .object(members)
    }

    /// A decision for people: the outcome, then the statements (or the layers without an Allow).
    public static func decisionTable(_ decision: Decision, request: AccessRequest) -> String {
        var out = "\(request.action) on \(request.resource ?? "*"): \(decision.outcome.rawValue)\n"
        for match in decision.matched { out += "  \(match)\n" }
        if !decision.missingAllow.isEmpty {
            out += "  no matching Allow in: \(decision.missingAllow.map(\.rawValue).joined(separator: ", "))\n"
        }
        return out
    }

    /// Lint findings per file, for people.
    public static func lintTable(_ results: [(file: String, findings: [LintFinding])]) -> String {
        var out = ""
        var total = 0
        for (file, findings) in results {
            for finding in findings {
                total += 1
                let sid = finding.sid.map { " (\($0))" } ?? ""
                let position = finding.line.map { line in ":\(line)" + (finding.column.map { ":\($0)" } ?? "") } ?? ""
                out +=
                    "\(file)\(position): \(finding.path)\(sid): \(finding.severity.rawValue) [\(finding.id)] "
                    + "\(finding.title)\n"
                out += "    seen: \(finding.detail)\n    fix:  \(finding.fix)\n"
            }
        }
        out += total == 0 ? "no MFA pitfalls found in \(results.count) file(s)\n" : "\(total) finding(s)\n"
        return out
    }

    /// Lint findings as JSON: `{"files": [{"file", "findings": [{"id", "statement", "sid", "title", "detail", "fix"}]}]}`.
    public static func lintJSON(_ results: [(file: String, findings: [LintFinding])]) -> String {
        let files: [JSONValue] = results.map { file, findings in
            .object([
                ("file", .string(file)),
                ("findings", .array(findings.map(findingJSON))),
            ])
        }
        return JSONWriter.pretty(.object([("files", .array(files))]))
    }

    static func findingJSON(_ finding: LintFinding) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(finding.id)), ("severity", .string(finding.severity.rawValue)),
            ("statement", finding.statement.map { .number(String($0)) } ?? .null),
            ("path", .string(finding.path)),
        ]
        if let line = finding.line { members.append(("line", .number(String(line)))) }
        if let column = finding.column { members.append(("column", .number(String(column)))) }
        if let sid = finding.sid { members.append(("sid", .string(sid))) }
        members += [
            ("title", .string(finding.title)), ("detail", .string(finding.detail)), ("fix", .string(finding.fix)),
        ]
        return .object(members)
    }

    /// SARIF levels: high → error, medium → warning, low → note.
    static func sarifLevel(_ severity: LintSeverity) -> String {
        switch severity {
        case .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// Lint findings as SARIF 2.1.0 (`SARIFLog`), one result per finding, located by the file (with the
    /// line and column when the finding has them, so code-scanning tools annotate the line) and the
    /// statement path.
    public static func lintSARIF(_ results: [(file: String, findings: [LintFinding])]) -> String {
        let rules = LintRule.allCases
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.rawValue, $0) })
        var sarifResults: [JSONValue] = []
        for (file, findings) in results {
            for finding in findings {
                sarifResults.append(
                    SARIFLog.result(
                        ruleID: finding.id, ruleIndex: ruleIndex[finding.rule.rawValue]!,
                        level: sarifLevel(finding.severity),
                        message: "\(finding.title): \(finding.detail). Fix: \(finding.fix)",
                        locations: [
                            SARIFLog.location(
                                file: file, line: finding.line, column: finding.column,
                                logical: [(finding.path, nil, nil)])
                        ]))
            }
        }
        return SARIFLog.render(
            rules: rules.map {
                SARIFLog.rule(
                    id: $0.rawValue, shortDescription: $0.title, help: $0.fix, level: sarifLevel($0.severity))
            },
            results: sarifResults)
    }
}
