import Foundation
import TestSupport
import Testing

/// `audit --format nagios|prtg|prometheus` when the audit cannot run, or runs partially: the monitoring
/// system gets a failed check in its own format (read back with the Nagios grammar, xml.etree and
/// prometheus_client), never an empty or stale one. Also `--warn-on`, and the table of a partial run.
@Suite(.serialized) struct MonitoringFailureTests {
    func run(
        _ arguments: [String], endpoint: String = "http://127.0.0.1:1", home: String, extra: [String: String?] = [:]
    )
        throws -> ChildProcess.Result
    {
        var changes: [String: String?] = [
            "HOME": home, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "AKIDTESTTESTTEST",
            "AWS_SECRET_ACCESS_KEY": "testsecret", "AWS_REGION": "us-east-1", "NO_COLOR": "1",
            "AWS_MAX_ATTEMPTS": "1",
        ]
        for (key, value) in extra { changes[key] = value }
        return try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["audit"] + arguments, environment: ChildProcess.environment(changes))
    }

    func parse(_ script: String, _ text: String, _ name: String) throws -> [String: Any] {
        let file = try ReportOracle.write(text, named: name)
        defer { ReportOracle.discard(file) }
        return try #require(
            try JSONSerialization.jsonObject(with: try ReportOracle.python(script, [file.path])) as? [String: Any])
    }

    /// Each way the audit can fail before collecting anything.
    static let failures: [(name: String, arguments: [String], environment: [String: String?])] = [
        ("unreachable endpoint", [], [:]),
        (
            "unknown profile", ["--profile", "no-such-profile"],
            ["AWS_ACCESS_KEY_ID": nil, "AWS_SECRET_ACCESS_KEY": nil]
        ),
        ("bad argument", ["--fail-on", "bogus"], [:]),
    ]

    @Test(arguments: failures.indices)
    func nagiosPrintsOneUnknownLineAndExits3(index: Int) throws {
        let failure = Self.failures[index]
        let home = try makeTemporaryDirectory("monitoring")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try run(["--format", "nagios"] + failure.arguments, home: home, extra: failure.environment)
        #expect(result.status == 3, "\(failure.name): \(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(failure.name): one line: \(result.stdout)")
        #expect(result.stdout.hasPrefix("MFAGUARD UNKNOWN - "), "\(failure.name)")
        #expect(result.stdout.count > "MFAGUARD UNKNOWN - ".count + 5, "a reason is given")
        let parsed = try parse("parse_nagios.py", result.stdout, "nagios.txt")
        #expect((parsed["status"] as? String)?.hasPrefix("MFAGUARD UNKNOWN - ") == true)
    }

    @Test(arguments: failures.indices)
    func prtgPrintsAnErrorSensor(index: Int) throws {
        let failure = Self.failures[index]
        let home = try makeTemporaryDirectory("monitoring")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try run(["--format", "prtg"] + failure.arguments, home: home, extra: failure.environment)
        #expect(result.status != 0, "\(failure.name)")
        let parsed = try parse("parse_prtg.py", result.stdout, "prtg.xml")
        #expect(parsed["root"] as? String == "prtg")
        #expect(parsed["error"] as? String == "1", "\(failure.name): \(result.stdout)")
        #expect(((parsed["text"] as? String) ?? "").count > 5)
        #expect((parsed["channels"] as? [Any])?.isEmpty == true)
    }

    @Test func prometheusSaysTheAuditFailedAndCarriesTheLastSuccessOver() throws {
        let home = try makeTemporaryDirectory("monitoring")
        defer { try? FileManager.default.removeItem(atPath: home) }
        func samples(_ text: String) throws -> [String: Double] {
            let families = try parse("parse_prometheus.py", text, "metrics.prom")["families"] as? [[String: Any]] ?? []
            var values: [String: Double] = [:]
            for family in families {
                for sample in family["samples"] as? [[String: Any]] ?? []
                where (sample["labels"] as? [String: String])?
                    .isEmpty != false
                {
                    values[sample["name"] as? String ?? ""] = sample["value"] as? Double
                }
            }
            return values
        }
        // No earlier file: success 0, no invented last-success time.
        let first = try run(["--format", "prometheus"], home: home)
        #expect(first.status == 3, "\(first.stderr)")
        let fresh = try samples(first.stdout)
        #expect(fresh["mfaguard_audit_success"] == 0)
        #expect(fresh["mfaguard_audit_last_run_timestamp_seconds"] != nil)
        #expect(fresh["mfaguard_audit_last_success_timestamp_seconds"] == nil)
        // The textfile collector's file from an earlier complete run: its last success is carried over.
        let file = home + "/mfaguard.prom"
        let moto = try Moto.shared()
        let good = try run(["--format", "prometheus", "--output", file], endpoint: moto.url, home: home)
        #expect(good.status == 0 || good.status == 1, "\(good.stderr)")
        let before = try samples(try String(contentsOfFile: file, encoding: .utf8))
        #expect(before["mfaguard_audit_success"] == 1)
        let lastSuccess = try #require(before["mfaguard_audit_last_success_timestamp_seconds"])
        let failed = try run(["--format", "prometheus", "--output", file], home: home)
        #expect(failed.status == 3)
        let after = try samples(try String(contentsOfFile: file, encoding: .utf8))
        #expect(after["mfaguard_audit_success"] == 0)
        #expect(after["mfaguard_audit_last_success_timestamp_seconds"] == lastSuccess)
    }

    /// A partial live run (the proxy refuses the credential report and the authorization details): the
    /// table says so before any finding, shows no data date, and does not claim MFA is required; the
    /// monitoring formats mark the run as failed or partial.
    @Test func partialRunIsSaidAtTheTopAndShowsNoFreshDate() throws {
        let moto = try Moto.shared()
        let proxy = try FaultProxy.start(
            upstream: moto,
            failActions: [
                "GetCredentialReport:AccessDenied:not allowed", "GenerateCredentialReport:AccessDenied:not allowed",
                "GetAccountAuthorizationDetails:AccessDenied:not allowed",
            ])
        let home = try makeTemporaryDirectory("monitoring")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let table = try run(["--format", "table"], endpoint: proxy.url, home: home)
        #expect(table.status == 4, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let banner = try #require(lines.firstIndex { $0.hasPrefix("PARTIAL AUDIT:") }, "\(table.stdout)")
        #expect(banner <= 3)
        #expect(!table.stdout.contains("data as of"))
        #expect(table.stdout.contains("credential report not collected"))
        #expect(!table.stdout.contains("requires MFA"))

        let nagios = try run(["--format", "nagios"], endpoint: proxy.url, home: home)
        #expect(nagios.status == 2 || nagios.status == 3, "CRITICAL or UNKNOWN, never OK: \(nagios.stdout)")
        let prtg = try parse(
            "parse_prtg.py", try run(["--format", "prtg"], endpoint: proxy.url, home: home).stdout, "prtg.xml")
        #expect(prtg["error"] as? String == "1")
    }

    /// The emulator's credential report carries a fixed date: the header says where the date comes from.
    @Test func dataDateIsSaidToComeFromTheCredentialReport() throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("monitoring")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let table = try run(["--format", "table"], endpoint: moto.url, home: home)
        #expect(table.status != 3, "\(table.stderr)")
        #expect(table.stdout.contains(", the date the credential report carries ("), "\(table.stdout)")
    }

    /// `--warn-on` beside `--fail-on`: WARNING becomes possible, with thresholds in the perfdata.
    @Test func warnOnMakesWarningReachable() throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("monitoring")
        defer { try? FileManager.default.removeItem(atPath: home) }
        // The shared emulator has at least the root-mfa (critical) finding and, after this user, a high one.
        let seed = try ChildProcess.run(
            "python3",
            [
                "-c",
                """
                import boto3, sys
                iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                                   aws_access_key_id="AKIDTESTTESTTEST", aws_secret_access_key="testsecret")
                try:
                    iam.create_user(UserName="warn-on-console")
                    iam.create_login_profile(UserName="warn-on-console", Password="Sample-Passw0rd!")
                except iam.exceptions.EntityAlreadyExistsException:
                    pass
                """, moto.url,
            ])
        #expect(seed.status == 0, "\(seed.stderr)")
        let exemptions = home + "/exemptions.yaml"
        try Data(
            """
            exemptions:
              - rule: root-mfa
                principal: "*"
                reason: root is in the safe
            """.utf8
        ).write(to: URL(fileURLWithPath: exemptions))
        func nagios(_ arguments: [String]) throws -> (Int32, [String: Any]) {
            let result = try run(
                ["--format", "nagios", "--exemptions", exemptions] + arguments, endpoint: moto.url, home: home)
            return (result.status, try parse("parse_nagios.py", result.stdout, "nagios.txt"))
        }
        let (warning, warned) = try nagios(["--fail-on", "critical", "--warn-on", "high"])
        #expect(warning == 1, "\(warned)")
        #expect((warned["status"] as? String)?.hasPrefix("MFAGUARD WARNING - ") == true)
        let perfdata = try #require(warned["perfdata"] as? [String: [String: Any]])
        #expect(perfdata["high"]?["warn"] as? String == "0")
        #expect(perfdata["critical"]?["crit"] as? String == "0")
        let (critical, _) = try nagios(["--fail-on", "high"])
        #expect(critical == 2)
        let (ok, quiet) = try nagios(["--fail-on", "critical", "--warn-on", "critical"])
        #expect(ok == 0, "\(quiet)")
    }
}
