import Foundation
import TestSupport
import Testing

/// Every format of `mfaguard audit`, run on an emulated account seeded by scripts/demo/seed_account.py,
/// keeps every finding of the JSON report: each output is read by an independent parser (Python's csv,
/// junitparser, the OASIS SARIF schema, html.parser, xml.etree, prometheus_client, the Nagios grammar)
/// and its findings are counted against the JSON report of the same account.
@Suite(.serialized) struct ReportFormatsIntegrationTests {
    static let seeded: Result<BackgroundService, any Error> = Result {
        let moto = try Moto.dedicated()
        let seed = try ChildProcess.run(
            "python3",
            [
                TestPaths.repoRoot.appendingPathComponent("scripts/demo/seed_account.py").path, "--endpoint", moto.url,
                "--users", "48",
            ])
        guard seed.status == 0 else { throw TestSupportError("seeding failed: \(seed.stderr)") }
        return moto
    }

    struct Run {
        var status: Int32
        var stderr: String
        var output: String
        var file: String
    }

    /// Runs the audit in `format` into a file (exempting the dev-nomfa users, so exempted findings are
    /// there too) and returns the file's text.
    func audit(_ format: String, _ extra: [String] = [], home: String) throws -> Run {
        let moto = try Self.seeded.get()
        let exemptions = home + "/exemptions.yaml"
        if !FileManager.default.fileExists(atPath: exemptions) {
            try Data(
                """
                exemptions:
                  - rule: console-user-mfa
                    principal: "dev-nomfa-*"
                    reason: enrolling next week
                """.utf8
            ).write(to: URL(fileURLWithPath: exemptions))
        }
        let file = home + "/report.\(format)"
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path,
            ["audit", "--format", format, "--output", file, "--exemptions", exemptions, "--max-rate", "50"] + extra,
            environment: Moto.environment(moto, home: home))
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return Run(status: result.status, stderr: result.stderr, output: text, file: file)
    }

    func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func python(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        try json(try ReportOracle.python(script, arguments))
    }

    @Test func everyFormatCountsTheFindingsOfTheJSONReport() throws {
        let home = try makeTemporaryDirectory("report-formats")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let reference = try audit("json", home: home)
        #expect(reference.status == 1, "\(reference.stderr)")
        let schema = TestPaths.repoRoot.appendingPathComponent("docs/report.schema.json").path
        _ = try python("validate_json_report.py", [schema, reference.file])
        let report = try json(Data(reference.output.utf8))
        let findings = try #require(report["findings"] as? [[String: Any]])
        let exempted = findings.filter { $0["exemption"] is [String: Any] }.count
        let active = findings.count - exempted
        #expect(exempted > 0 && active > 0)
        #expect((report["summary"] as? [String: Any])?["total"] as? Int == active)

        // Inline-policy findings name the owner as principal and the policy apart.
        let inline = try #require(
            findings.first { $0["rule"] as? String == "unguarded-permissions" && $0["policy"] is String })
        #expect(inline["principal"] as? String == "legacy-ops")
        #expect(inline["policy"] as? String == "legacy-iam")
        #expect((inline["resource"] as? String)?.hasSuffix(":user/legacy-ops") == true)
        let managed = try #require(findings.first { ($0["resource"] as? String)?.contains(":policy/") == true })
        #expect(managed["principal"] is NSNull && managed["policy"] is NSNull)

        // CSV: one record per finding, no empty record at the end.
        let csv = try audit("csv", home: home)
        let rows = try #require(try python("parse_csv.py", [csv.file])["rows"] as? [[String]])
        #expect(rows.count - 1 == findings.count)
        #expect(rows.allSatisfy { !$0.isEmpty && $0 != [""] })
        #expect(csv.output.hasSuffix("\r\n") && !csv.output.hasSuffix("\r\n\n") && !csv.output.hasSuffix("\n\n"))
        let header = try #require(rows.first)
        let principalColumn = try #require(header.firstIndex(of: "principal"))
        let policyColumn = try #require(header.firstIndex(of: "policy"))
        #expect(rows.contains { $0[principalColumn] == "legacy-ops" && $0[policyColumn] == "legacy-iam" })

        // SARIF: valid against the OASIS schema, one result per finding, no two with one fingerprint.
        let sarif = try audit("sarif", home: home)
        let results = try #require(try python("validate_sarif.py", [sarif.file])["results"] as? [[String: Any]])
        #expect(results.count == findings.count)
        #expect(Set(results.compactMap { $0["fingerprint"] as? String }).count == findings.count)
        #expect(results.filter { $0["suppressed"] as? Bool == true }.count == exempted)

        // JUnit: one failure per open finding, one skipped per exempted one, no two test cases alike.
        let junit = try python("parse_junit.py", [try audit("junit", home: home).file])
        let totals = try #require(junit["totals"] as? [String: Int])
        #expect(totals["failures"] == active)
        #expect(totals["skipped"] == exempted)
        let cases = (junit["suites"] as? [[String: Any]] ?? []).flatMap { $0["cases"] as? [[String: Any]] ?? [] }
        let names = cases.map { "\($0["classname"] ?? "") \($0["name"] ?? "")" }
        #expect(Set(names).count == names.count, "test cases that a CI server would merge")
        #expect(cases.filter { ($0["results"] as? [String])?.contains("Failure") == true }.count == active)

        // HTML: one table row per finding, by status.
        let html = try python("count_html_findings.py", [try audit("html", home: home).file])
        #expect(html["active"] as? Int == active && html["exempted"] as? Int == exempted)

        // PRTG: the total channel and the sum of the per-rule channels.
        let prtg = try python("parse_prtg.py", [try audit("prtg", home: home).file])
        let channels = try #require(prtg["channels"] as? [[String: Any]])
        let value = { (name: String) in channels.first { $0["channel"] as? String == name }?["value"] as? Int }
        #expect(value("Total findings") == active)
        #expect(value("Exempted findings") == exempted)
        let ruleIDs = Set(((report["summary"] as? [String: Any])?["byRule"] as? [String: Int] ?? [:]).keys)
        let perRule = channels.filter { ruleIDs.contains($0["channel"] as? String ?? "") }
        #expect(perRule.compactMap { $0["value"] as? Int }.reduce(0, +) == active)

        // Nagios: per-severity perfdata adds up; one long-output line per finding.
        let nagios = try python("parse_nagios.py", [try audit("nagios", home: home).file])
        let perfdata = try #require(nagios["perfdata"] as? [String: [String: Any]])
        let bySeverity = ["critical", "high", "medium", "low"].compactMap { perfdata[$0]?["value"] as? Double }
        #expect(Int(bySeverity.reduce(0, +)) == active)
        #expect(perfdata["exempted"]?["value"] as? Double == Double(exempted))
        let long = (nagios["longOutput"] as? [String] ?? []).filter { $0.hasPrefix("[") }
        #expect(long.count == findings.count)

        // Prometheus: the findings series add up to the open findings, the exempted ones to the rest.
        let prometheus = try python("parse_prometheus.py", [try audit("prometheus", home: home).file])
        let families = try #require(prometheus["families"] as? [[String: Any]])
        func sum(_ name: String) -> Double {
            let family = families.first { $0["name"] as? String == name }
            return (family?["samples"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? Double }.reduce(0, +)
        }
        #expect(Int(sum("mfaguard_findings")) == active)
        #expect(Int(sum("mfaguard_findings_exempted")) == exempted)
        #expect(sum("mfaguard_audit_success") == 1)
    }
}
