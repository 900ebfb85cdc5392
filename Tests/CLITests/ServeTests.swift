import Foundation
import TestSupport
import Testing

/// `mfaguard serve` as users start it (the release build, through the `mfaguard` front end) against moto:
/// the metrics parsed by prometheus_client, an account change seen as new and then resolved in the API,
/// SIGTERM within 5 s with a consistent database (Python's sqlite3), history kept across a restart.
@Suite(.serialized) struct ServeTests {
    /// A running `mfaguard serve` and the lines it wrote on stderr.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int
        /// Where its standard error goes (a file: a pipe nobody reads could fill and stop it).
        let log: String

        init(database: String, environment: [String: String]) throws {
            port = try Self.freePort()
            process.executableURL = try TestPaths.mfaguardBinary
            process.arguments = [
                "serve", "--listen", "127.0.0.1:\(port)", "--interval", "2s", "--database", database,
            ]
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            log = database + ".\(port).log"
            guard FileManager.default.createFile(atPath: log, contents: nil),
                let errors = FileHandle(forWritingAtPath: log)
            else { throw TestSupportError("cannot create \(log)") }
            process.standardError = errors
            try ChildProcess.start(process)
            try errors.close()
        }

        /// A loopback port nobody listens on now (Python binds port 0 and closes it).
        static func freePort() throws -> Int {
            let result = try ChildProcess.python(
                "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
            guard let port = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw TestSupportError("no free port: \(result.stderr)")
            }
            return port
        }

        /// GET `path`: the status and the body (urllib, not our client).
        func get(_ path: String) throws -> (status: Int, body: String) {
            let result = try ChildProcess.python(
                """
                import sys, urllib.request, urllib.error
                try:
                    r = urllib.request.urlopen(sys.argv[1], timeout=10); print(r.status); sys.stdout.write(r.read().decode())
                except urllib.error.HTTPError as e:
                    print(e.code); sys.stdout.write(e.read().decode())
                except OSError as e:
                    print(0); sys.stdout.write(str(e))
                """, ["http://127.0.0.1:\(port)\(path)"])
            let lines = result.stdout.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return (Int(lines.first ?? "") ?? -1, lines.count > 1 ? String(lines[1]) : "")
        }

        /// Polls `condition` every 250 ms for at most `seconds`.
        func waitFor(_ what: String, seconds: Double = 90, _ condition: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try condition() { return }
                guard process.isRunning else {
                    throw TestSupportError("serve ended while waiting for \(what): \(stderr)")
                }
                Thread.sleep(forTimeInterval: 0.25)
            }
            throw TestSupportError("\(what): not within \(Int(seconds)) s; serve said: \(stderr)")
        }

        /// What it wrote on standard error so far (the end, for failure messages).
        var stderr: String { String((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? "") }

        /// SIGTERM, then the seconds it took to end (at most 30: then it is killed and this throws).
        func terminate() throws -> Double {
            let start = Date()
            process.terminate()
            while process.isRunning {
                if Date().timeIntervalSince(start) > 30 {
                    kill(process.processIdentifier, SIGKILL)
                    throw TestSupportError("serve did not end within 30 s of SIGTERM")
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return Date().timeIntervalSince(start)
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestSupportError("not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    static func runs(_ server: Server) throws -> [[String: Any]] {
        let answer = try server.get("/api/v1/runs")
        guard answer.status == 200 else { return [] }
        return try json(answer.body)["runs"] as? [[String: Any]] ?? []
    }

    /// "RULE STATE" of every finding about `user` in the recorded runs (`/api/v1/runs/{id}`, all states).
    static func states(_ server: Server, _ user: String) throws -> Set<String> {
        var states: Set<String> = []
        for run in try runs(server) {
            guard let id = run["id"] as? Int else { continue }
            let answer = try server.get("/api/v1/runs/\(id)")
            guard answer.status == 200 else { continue }
            for finding in try json(answer.body)["findings"] as? [[String: Any]] ?? []
            where (finding["resource"] as? String)?.hasSuffix(":user/\(user)") == true {
                states.insert("\(finding["rule"] as? String ?? "") \(finding["state"] as? String ?? "")")
            }
        }
        return states
    }

    /// boto3 against moto: `code` with `iam` bound to a client.
    static func boto3(_ code: String, _ environment: [String: String]) throws {
        let result = try ChildProcess.python(
            "import boto3\niam = boto3.client('iam', region_name='us-east-1')\n" + code, environment: environment)
        #expect(result.status == 0, "boto3: \(result.stderr)")
    }

    @Test func newAndResolvedFindingsMetricsStopAndRestart() throws {
        let moto = try Moto.dedicated()
        defer { moto.stop() }
        let home = try makeTemporaryDirectory("mfaguard-serve")
        let environment = Moto.environment(moto, home: home)
        let database = home + "/history.sqlite"
        let user = "serve-console-nomfa"

        let server = try Server(database: database, environment: environment)
        try server.waitFor("/readyz 200") { try server.get("/readyz").status == 200 }
        // It holds credentials for as long as it runs: no core dumps (soft and hard limit 0).
        let limits = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        let fields = core?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        #expect(fields.count >= 6 && fields[4] == "0" && fields[5] == "0", "limits: \(core ?? "none")")

        // The exposition, read by Prometheus's own Python parser.
        let metrics = try ChildProcess.python(
            """
            import sys, urllib.request, json
            from prometheus_client.parser import text_string_to_metric_families
            text = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
            values = {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}
            print(json.dumps(values))
            """, ["http://127.0.0.1:\(server.port)/metrics"])
        #expect(metrics.status == 0, "\(metrics.stderr)")
        let samples = try Self.json(metrics.stdout)
        #expect(samples["mfaguard_audit_success"] as? Double == 1)
        #expect(samples["mfaguard_serve_ready"] as? Double == 1)

        // A console user without MFA appears: some later run reports it as new.
        try Self.boto3(
            "iam.create_user(UserName='\(user)')\n"
                + "iam.create_login_profile(UserName='\(user)', Password='Serve-Test-Password-1')",
            environment)
        try server.waitFor("a run that reports the console user as new") {
            try Self.states(server, user).contains("console-user-mfa new")
        }
        let open = try Self.json(server.get("/api/v1/findings").body)["findings"] as? [[String: Any]] ?? []
        let mine = open.filter { ($0["resource"] as? String)?.hasSuffix(":user/\(user)") == true }
        #expect(mine.contains { $0["rule"] as? String == "console-user-mfa" })
        #expect(mine.allSatisfy { $0["firstSeen"] is String })

        // Fixed (no console password any more): some later run reports it as resolved.
        try Self.boto3("iam.delete_login_profile(UserName='\(user)')", environment)
        try server.waitFor("a run that reports the console user as resolved") {
            try Self.states(server, user).contains("console-user-mfa resolved")
        }

        let seconds = try server.terminate()
        #expect(seconds < 5, "serve took \(seconds) s to stop after SIGTERM")
        let check = try ChildProcess.python(
            "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
            [database])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // The same database after a restart: the earlier runs are still there, and `history` lists them.
        let history = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["history", "--database", database, "--format", "json"],
            environment: environment)
        #expect(history.status == 0, "\(history.stderr)")
        let recorded = try Self.json(history.stdout)["runs"] as? [[String: Any]] ?? []
        #expect(recorded.count >= 3)

        let restarted = try Server(database: database, environment: environment)
        try restarted.waitFor("the runs of before the restart") {
            try Self.runs(restarted).count > recorded.count
        }
        let after = try Self.runs(restarted)
        let ids = Set(after.compactMap { $0["id"] as? Int })
        #expect(Set(recorded.compactMap { $0["id"] as? Int }).isSubset(of: ids))
        _ = try restarted.terminate()
    }

    @Test func aStoppedEmulatorIsARecordedFailure() throws {
        let moto = try Moto.dedicated()
        let home = try makeTemporaryDirectory("mfaguard-serve")
        let environment = Moto.environment(moto, home: home)
        let server = try Server(database: home + "/history.sqlite", environment: environment)
        try server.waitFor("/readyz 200") { try server.get("/readyz").status == 200 }
        moto.stop()
        try server.waitFor("a failed run", seconds: 180) {
            try Self.runs(server).contains { $0["success"] as? Bool == false && $0["error"] is String }
        }
        let nagios = try server.get("/nagios")
        #expect(nagios.body.hasPrefix("MFAGUARD UNKNOWN"), "\(nagios.body.prefix(200))")
        _ = try server.terminate()
    }
}
