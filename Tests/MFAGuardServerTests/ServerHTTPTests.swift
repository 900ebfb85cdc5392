import AWSHTTP
import Foundation
import JSON
import Logging
import MFAGuardConsole
import MFAGuardKit
import MFAGuardServer
import Testing

/// The scheduler and the endpoints in one process: a scripted audit (the account changes between runs),
/// the real HTTP server on a loopback port, and our HTTP client.
@Suite struct ServerHTTPTests {
    final class Audits: @unchecked Sendable {
        private let lock = NSLock()
        private var users: [String]
        init(_ users: [String]) { self.users = users }
        func set(_ users: [String]) { lock.withLock { self.users = users } }
        func report() -> AuditReport { HistoryStoreTests.report(lock.withLock { users }) }
    }

    struct Running {
        let port: Int
        let task: Task<Void, any Error>
        let scheduler: AuditScheduler
    }

    static func start(_ audits: Audits, token: String? = nil, interval: Double = 3600) async throws -> Running {
        let store = try HistoryStore(path: HistoryStoreTests.temporaryPath())
        let state = ServerState()
        let configuration = ServeConfiguration(host: "127.0.0.1", port: 0, interval: interval, token: token)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let scheduler = AuditScheduler(store: store, state: state, configuration: configuration, logger: logger) {
            AuditResult(report: audits.report(), requests: 7)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = HTTPAPI.application(
            store: store, state: state, configuration: configuration, scheduler: scheduler, logger: logger
        ) { port in continuation.yield(port) }
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        return Running(port: port, task: task, scheduler: scheduler)
    }

    struct TestFailure: Error { let message: String; init(_ message: String) { self.message = message } }

    static func get(
        _ port: Int, _ path: String, method: String = "GET", headers: [(name: String, value: String)] = []
    ) async throws -> HTTPResponse {
        let transport = SocketTransport(timeout: 10, deadline: 10)
        return try await transport.send(
            HTTPRequest(
                method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!, headers: headers, body: []))
    }

    static func waitUntilReady(_ port: Int) async throws {
        for _ in 0..<100 {
            if try await get(port, "/readyz").status == 200 { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw TestFailure("/readyz did not answer 200 within 5 s")
    }

    @Test func runsAreServedAndTheDiffShowsNewAndResolvedFindings() async throws {
        let audits = Audits(["alice", "bob"])
        let server = try await Self.start(audits)
        defer { server.task.cancel() }
        try await Self.waitUntilReady(server.port)

        audits.set(["bob", "<script>alert(\"x\")</script>'"])
        let second = await server.scheduler.runOnce()
        #expect(second?.new == 1)
        #expect(second?.resolved == 1)

        let new = try await Self.get(server.port, "/api/v1/findings?state=new")
        #expect(new.status == 200)
        #expect(new.headers["cache-control"] == "no-store")
        #expect(new.headers["x-content-type-options"] == "nosniff")
        #expect(new.headers["content-security-policy"]?.hasPrefix("default-src 'self'") == true)
        let document = try JSONReader.parse(new.body)
        let resources = document["findings"]?.arrayValue?.compactMap { $0["resource"]?.stringValue }
        #expect(resources == ["arn:aws:iam::123456789012:user/<script>alert(\"x\")</script>'"])
        #expect(document["findings"]?.arrayValue?.first?["firstSeen"]?.stringValue != nil)

        let resolved = try JSONReader.parse(try await Self.get(server.port, "/api/v1/findings?state=resolved").body)
        #expect(
            resolved["findings"]?.arrayValue?.compactMap { $0["resource"]?.stringValue } == [
                "arn:aws:iam::123456789012:user/alice"
            ])

        let runs = try JSONReader.parse(try await Self.get(server.port, "/api/v1/runs").body)
        #expect(runs["runs"]?.arrayValue?.count == 2)
        #expect(runs["runs"]?.arrayValue?.first?["summary"]?["new"]?.intValue == 1)
        let one = try await Self.get(server.port, "/api/v1/runs/\(second?.id ?? 0)")
        #expect(try JSONReader.parse(one.body)["findings"]?.arrayValue?.count == 3)

        let report = try JSONReader.parse(try await Self.get(server.port, "/api/v1/report").body)
        #expect(report["schema"]?.stringValue == "mfaguard.report/v1")

        let metrics = String(decoding: try await Self.get(server.port, "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("mfaguard_serve_last_run_new_findings 1\n"))
        #expect(metrics.contains("mfaguard_serve_last_run_resolved_findings 1\n"))
        #expect(metrics.contains("mfaguard_audit_success 1\n"))

        let nagios = String(decoding: try await Self.get(server.port, "/nagios").body, as: UTF8.self)
        #expect(nagios.hasPrefix("MFAGUARD "))
        let prtg = String(decoding: try await Self.get(server.port, "/prtg").body, as: UTF8.self)
        #expect(prtg.contains("<prtg>"))
    }

    @Test func errorsAreJSONAndOnlyGetIsAllowed() async throws {
        let server = try await Self.start(Audits([]))
        defer { server.task.cancel() }
        let missing = try await Self.get(server.port, "/no-such-thing")
        #expect(missing.status == 404)
        #expect(try JSONReader.parse(missing.body)["error"]?["status"]?.intValue == 404)
        let post = try await Self.get(server.port, "/api/v1/runs", method: "POST")
        #expect(post.status == 405)
        #expect(try JSONReader.parse(post.body)["error"]?["status"]?.intValue == 405)
        #expect(missing.headers["x-frame-options"] == "DENY")
        let badState = try await Self.get(server.port, "/api/v1/findings?state=maybe")
        #expect(badState.status == 400)
    }

    @Test func theTokenIsRequiredWhenConfigured() async throws {
        let token = "0123456789abcdef-token"
        let server = try await Self.start(Audits(["alice"]), token: token)
        defer { server.task.cancel() }
        #expect(try await Self.get(server.port, "/api/v1/runs").status == 401)
        #expect(try await Self.get(server.port, "/metrics").status == 401)
        #expect(
            try await Self.get(server.port, "/api/v1/runs", headers: [("Authorization", "Bearer wrong")]).status == 401)
        #expect(
            try await Self.get(server.port, "/api/v1/runs", headers: [("Authorization", "Bearer \(token)")]).status
                == 200)
    }

    @Test func aNonLoopbackAddressNeedsAToken() {
        #expect(ServeConfiguration(host: "0.0.0.0").problem() != nil)
        #expect(ServeConfiguration(host: "0.0.0.0", token: "0123456789abcdef").problem() == nil)
        #expect(ServeConfiguration(host: "127.0.0.1").problem() == nil)
    }

    @Test func listenAddressesAndDurationsParse() {
        #expect(ServeConfiguration.parseListen("127.0.0.1:9321").map { "\($0.host) \($0.port)" } == "127.0.0.1 9321")
        #expect(ServeConfiguration.parseListen("[::1]:80").map { "\($0.host) \($0.port)" } == "::1 80")
        #expect(ServeConfiguration.parseListen("127.0.0.1") == nil)
        #expect(ServeConfiguration.parseListen("h:99999") == nil)
        #expect(ServeConfiguration.parseDuration("15m") == 900)
        #expect(ServeConfiguration.parseDuration("90d") == 7_776_000)
        #expect(ServeConfiguration.parseDuration("2s") == 2)
        #expect(ServeConfiguration.parseDuration("-1s") == nil)
        #expect(ServeConfiguration.parseDuration("m") == nil)
    }

    @Test func aFailingRunIsRecordedAndShown() async throws {
        let store = try HistoryStore(path: HistoryStoreTests.temporaryPath())
        let state = ServerState()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let scheduler = AuditScheduler(store: store, state: state, configuration: ServeConfiguration(), logger: logger)
        {
            throw MFAGuardFailure(.aws, "cannot reach IAM")
        }
        let run = await scheduler.runOnce()
        #expect(run?.error == "cannot reach IAM")
        #expect(try store.runs().first?.error == "cannot reach IAM")
        #expect(await state.ready)
        #expect(await state.lastError == "cannot reach IAM")
    }
}
