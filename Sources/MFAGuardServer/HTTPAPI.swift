import Foundation
import Hummingbird
import JSON
import Logging
import MFAGuardKit

/// The endpoints of `mfaguard serve` (docs/serve.md): `/metrics`, `/api/v1/report`, `/api/v1/runs`,
/// `/api/v1/runs/{id}`, `/api/v1/findings`, `/prtg`, `/nagios`, `/healthz`, `/readyz`.
public enum HTTPAPI {
    /// The router with every endpoint behind `SecurityMiddleware`.
    public static func router(store: HistoryStore, state: ServerState, configuration: ServeConfiguration)
        -> Router<BasicRequestContext>
    {
        let router = Router()
        router.add(
            middleware: SecurityMiddleware(token: configuration.token, metricsPublic: configuration.metricsPublic))
        router.get("/healthz") { _, _ in json(.sortedObject(["status": .string("ok")])) }
        router.get("/readyz") { _, _ in
            let ready = await state.ready
            return json(
                .sortedObject([
                    "ready": .bool(ready), "lastRun": await state.lastRun.map(runJSON) ?? .null,
                    "lastError": .string(await state.lastError),
                ]), status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            let text = await MetricsExposition.render(state: state)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/api/v1/report") { _, _ in
            guard let bytes = try store.latestReportJSON() else {
                return problem(.serviceUnavailable, "no audit has succeeded yet")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/api/v1/runs") { request, _ in
            let limit = request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100
            guard (1...10000).contains(limit) else { return problem(.badRequest, "limit must be from 1 to 10000") }
            return json(.sortedObject(["runs": .array(try store.runs(limit: limit).map(runJSON))]))
        }
        router.get("/api/v1/runs/:id") { _, context in
            guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else {
                return problem(.badRequest, "the run id must be a number")
            }
            guard let run = try store.run(id: id) else { return problem(.notFound, "no run \(id) in the history") }
            return json(
                .sortedObject([
                    "run": runJSON(run), "findings": .array(try store.findings(ofRun: id).map(findingJSON)),
                ]))
        }
        router.get("/api/v1/findings") { request, _ in
            let name = request.uri.queryParameters.get("state")
            var state: FindingState?
            if let name {
                guard let parsed = FindingState(rawValue: name) else {
                    return problem(.badRequest, "state must be new, open or resolved")
                }
                state = parsed
            }
            let run = try store.lastSuccessfulRun()
            return json(
                .sortedObject([
                    "run": .string(run.map { String($0.id) }).numberIfPresent,
                    "state": .string(state?.rawValue),
                    "findings": .array(try store.latestFindings(state: state).map(findingJSON)),
                ]))
        }
        router.get("/prtg") { _, _ in
            await monitoring(.prtg, state: state, contentType: "application/xml; charset=utf-8")
        }
        router.get("/nagios") { _, _ in
            await monitoring(.nagios, state: state, contentType: "text/plain; charset=utf-8")
        }
        return router
    }

    private static func monitoring(_ format: ReportFormat, state: ServerState, contentType: String) async -> Response {
        var text: String
        if let error = await state.lastError {
            text = MonitoringFailure.render(reason: error, as: format, at: Date()) ?? ""
        } else if let report = await state.latestReport {
            text = (try? ReportRenderer.render(report, as: format)) ?? ""
        } else {
            text =
                MonitoringFailure.render(reason: "the first audit has not finished yet", as: format, at: Date()) ?? ""
        }
        return Response(
            status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: JSONWriter.pretty(value))))
    }

    /// An error answer: `{"error": {"status": N, "message": "..."}}`.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(
            .sortedObject([
                "error": .sortedObject(["status": .int(status.code), "message": .string(message)])
            ]), status: status)
    }

    static func time(_ date: Date) -> JSONValue {
        .string(ISO8601.format(secondsSince1970: date.timeIntervalSince1970))
    }

    /// A run as the API and `mfaguard history --format json` show it (docs/serve.md, `RUN`).
    public static func runJSON(_ run: RunRecord) -> JSONValue {
        .sortedObject([
            "id": .int(run.id), "startedAt": time(run.startedAt), "finishedAt": time(run.finishedAt),
            "durationSeconds": .double(run.durationSeconds), "requests": run.requests.map { .int($0) } ?? .null,
            "success": .bool(run.succeeded), "error": .string(run.error),
            "summary": .sortedObject([
                "total": .int(run.total), "new": .int(run.new), "open": .int(run.open),
                "resolved": .int(run.resolved),
            ]),
        ])
    }

    static func findingJSON(_ finding: StoredFinding) -> JSONValue {
        .sortedObject([
            "fingerprint": .string(finding.fingerprint), "rule": .string(finding.rule),
            "severity": .string(finding.severity), "resource": .string(finding.resource),
            "policy": .string(finding.policy), "title": .string(finding.title),
            "state": .string(finding.state.rawValue), "firstSeen": time(finding.firstSeen), "run": .int(finding.runID),
        ])
    }
}

extension JSONValue {
    /// A string of digits as a number (`.null` stays null).
    fileprivate var numberIfPresent: JSONValue {
        if case .string(let text) = self { return .number(text) }
        return self
    }
}

/// Every answer's security headers, the bearer token, and JSON for errors (404, 405, 401, 500).
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]?
    let metricsPublic: Bool

    init(token: String?, metricsPublic: Bool) {
        self.token = token.map { Array($0.utf8) }
        self.metricsPublic = metricsPublic
    }

    static var openPaths: Set<String> { ["/metrics", "/healthz", "/readyz"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response: Response
        if request.method != .get && request.method != .head {
            response = HTTPAPI.problem(.methodNotAllowed, "only GET and HEAD are allowed")
            response.headers[.allow] = "GET, HEAD"
        } else if let token, !(metricsPublic && Self.openPaths.contains(request.uri.path)),
            !Self.authorized(request.headers[.authorization], token: token)
        {
            response = HTTPAPI.problem(
                .unauthorized, "this endpoint needs the bearer token (Authorization: Bearer ...)")
            response.headers[.wwwAuthenticate] = "Bearer"
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPResponseError {
                response = HTTPAPI.problem(
                    error.status, error.status == .notFound ? "no such endpoint" : "\(error.status)")
            } catch {
                context.logger.warning("request failed: \(error)")
                response = HTTPAPI.problem(.internalServerError, "internal error")
            }
        }
        Self.secure(&response.headers, api: request.uri.path != "/")
        return response
    }

    static func secure(_ headers: inout HTTPFields, api: Bool) {
        headers[HTTPFields.Element.Name("Content-Security-Policy")!] =
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPFields.Element.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPFields.Element.Name("Referrer-Policy")!] = "no-referrer"
        if api { headers[.cacheControl] = "no-store" }
    }

    /// `Bearer TOKEN` compared in constant time (for a given token length).
    static func authorized(_ header: String?, token: [UInt8]) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.utf8.dropFirst(7))
        var difference = UInt8(given.count == token.count ? 0 : 1)
        for index in token.indices {
            difference |= token[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}

extension HTTPAPI {
    /// The HTTP server of `configuration` with `scheduler` as a service beside it; `onRunning` gets the port
    /// it listens on (useful with port 0). Run it with `runService()` (stops on SIGTERM and SIGINT).
    public static func application(
        store: HistoryStore, state: ServerState, configuration: ServeConfiguration, scheduler: AuditScheduler?,
        logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        var app = Application(
            router: router(store: store, state: state, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        if let scheduler { app.addServices(scheduler) }
        return app
    }
}
