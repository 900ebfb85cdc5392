import AWSClient
import ArgumentParser
import Foundation
import JSON
import Logging
import MFAGuardConsole
import MFAGuardKit
import MFAGuardServer

// `mfaguard serve` and `mfaguard history`: the small `mfaguard` execs this executable for them, so that
// the other commands (mfaguard-commands) never link Hummingbird, SwiftNIO or GRDB (docs/ARCHITECTURE.md).

/// The global options of the AWS-talking commands (DESIGN.md), with the option names every parser shares.
struct ServerGlobalOptions: ParsableArguments {
    @Option(name: .customLong(OptionName.profile), help: "Use this profile from ~/.aws/config and ~/.aws/credentials.")
    var profile: String?

    @Option(name: .customLong(OptionName.region), help: "AWS region (default: AWS_REGION, the profile's, us-east-1).")
    var region: String?

    @Option(name: .customLong(OptionName.endpointURL), help: "Send every request to this endpoint (an emulator).")
    var endpointURL: String?

    @Flag(name: .customLong(OptionName.debug), help: "Log every signed request and response, secrets redacted.")
    var debug = false

    var logger: Logger { .mfaguard(debug: debug) }

    func session(maxRequestsPerSecond: Double) throws -> AWSSession {
        var options = SessionOptions(profile: profile, region: region, endpointURL: endpointURL)
        options.maxRequestsPerSecond = maxRequestsPerSecond
        return try AWSSession(options: options, codeProvider: ConsoleCodePrompt(), logger: logger)
    }
}

/// `mfaguard serve`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: ServerCommandAbstracts.serve,
        discussion: """
            Audits at start and then every --interval (±10 % jitter, never two at once), records every run \
            in SQLite and answers /metrics, /api/v1/report, /api/v1/runs, /api/v1/findings, /prtg, /nagios, \
            /healthz and /readyz (docs/serve.md). Stops on SIGTERM or SIGINT.
            """)

    @OptionGroup var global: ServerGlobalOptions

    @Option(help: "Address and port to listen on; another address than loopback needs --token-file.")
    var listen = "127.0.0.1:9321"

    @Option(help: "Time between audits: 90s, 15m, 1h...")
    var interval = "15m"

    @Option(help: "The history database (default: $XDG_STATE_HOME/mfaguard/history.sqlite).")
    var database: String?

    @Flag(help: "Audit every active account of the organization.")
    var organization = false

    @Option(help: "With --organization: the role to assume in each member account.")
    var role: String?

    @Option(help: "With --organization: accounts audited at the same time.")
    var concurrency = 4

    @Option(help: "YAML or JSON file of exemptions (read at every run).")
    var exemptions: String?

    @Option(help: "A file holding the bearer token the endpoints require.")
    var tokenFile: String?

    @Flag(help: "With --token-file: /metrics, /healthz and /readyz answer without the token.")
    var metricsPublic = false

    @Option(help: "Delete runs older than this: 90d, 12h...")
    var keep = "90d"

    @Option(help: "At most this many AWS requests per second, per account.")
    var maxRate: Double = 5

    func validate() throws {
        guard ServeConfiguration.parseListen(listen) != nil else {
            throw ValidationError("--listen takes HOST:PORT, such as 127.0.0.1:9321: '\(listen)'")
        }
        guard ServeConfiguration.parseDuration(interval) != nil else {
            throw ValidationError("--interval takes a duration such as 90s, 15m or 1h: '\(interval)'")
        }
        guard ServeConfiguration.parseDuration(keep) != nil else {
            throw ValidationError("--keep takes a duration such as 90d: '\(keep)'")
        }
        guard maxRate > 0, maxRate.isFinite else { throw ValidationError("--max-rate must be above 0") }
        guard (1...50).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 50") }
        if organization {
            guard let role, !role.isEmpty, !role.contains("/"), !role.contains(":") else {
                throw ValidationError("--organization needs --role NAME (a role name, not an ARN)")
            }
        } else if role != nil {
            throw ValidationError("--role is for --organization")
        }
    }

    func run() async throws {
        let (host, port) = ServeConfiguration.parseListen(listen)!
        var configuration = ServeConfiguration(
            host: host, port: port, interval: ServeConfiguration.parseDuration(interval)!,
            keep: ServeConfiguration.parseDuration(keep), metricsPublic: metricsPublic)
        if let tokenFile {
            let text: String
            do { text = try String(contentsOfFile: tokenFile, encoding: .utf8) } catch {
                throw MFAGuardFailure(.input, "cannot read --token-file \(tokenFile)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.count >= 16 else {
                throw MFAGuardFailure(.input, "--token-file \(tokenFile): the token must have at least 16 characters")
            }
            configuration.token = token
        }
        if let problem = configuration.problem() { throw MFAGuardFailure(.usage, problem) }
        let path = database ?? HistoryStore.defaultPath()
        let store: HistoryStore
        do { store = try HistoryStore(path: path) } catch {
            throw MFAGuardFailure(.input, "cannot open the history database \(path): \(error)")
        }
        let logger = global.logger
        let session = try global.session(maxRequestsPerSecond: maxRate)
        let source: AuditRunner.Source =
            if organization, let role { .organization(session, roleName: role, concurrency: concurrency) } else {
                .live(session)
            }
        let exemptions = self.exemptions
        let state = ServerState(lastSuccess: try? store.lastSuccessfulRun()?.finishedAt)
        let scheduler = AuditScheduler(store: store, state: state, configuration: configuration, logger: logger) {
            let before = session.client.requestsSent
            let report = try await AuditRunner.audit(
                from: source, exemptionsPath: exemptions, fresh: false, logger: logger)
            return AuditResult(report: report, requests: session.client.requestsSent - before)
        }
        let app = HTTPAPI.application(
            store: store, state: state, configuration: configuration, scheduler: scheduler, logger: logger
        ) { port in
            Console.report("serving on http://\(listen.hasPrefix("[") ? "[\(host)]" : host):\(port) (history: \(path))")
        }
        try await app.runService()
    }
}

/// `mfaguard history`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: ServerCommandAbstracts.history)

    @Option(help: "The history database (default: $XDG_STATE_HOME/mfaguard/history.sqlite).")
    var database: String?

    @Option(help: "Output format: table or json.")
    var format = "table"

    @Option(help: "At most this many runs, newest first.")
    var limit = 20

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format takes table or json") }
        guard limit > 0 else { throw ValidationError("--limit must be above 0") }
    }

    func run() throws {
        let path = database ?? HistoryStore.defaultPath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw MFAGuardFailure(.input, "no history database at \(path) (mfaguard serve writes it)")
        }
        let runs: [RunRecord]
        do { runs = try HistoryStore(path: path).runs(limit: limit) } catch {
            throw MFAGuardFailure(.input, "cannot read the history database \(path): \(error)")
        }
        if format == "json" {
            Console.output(HistoryOutput.json(runs))
        } else {
            Console.output(HistoryOutput.table(runs))
        }
    }
}

enum HistoryOutput {
    /// The runs as `/api/v1/runs` answers them (docs/serve.md, `RUN`).
    static func json(_ runs: [RunRecord]) -> String {
        JSONWriter.pretty(.sortedObject(["runs": .array(runs.map(HTTPAPI.runJSON))]))
    }

    static func table(_ runs: [RunRecord]) -> String {
        var lines = ["RUN  STARTED               SECONDS  RESULT  FINDINGS  NEW  RESOLVED"]
        for run in runs {
            let started = ISO8601.format(secondsSince1970: run.startedAt.timeIntervalSince1970.rounded(.down))
            func pad(_ text: String, _ width: Int) -> String {
                text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
            }
            lines.append(
                pad(String(run.id), 4) + " " + pad(started, 21) + " "
                    + pad(String(format: "%.1f", run.durationSeconds), 8)
                    + " " + pad(run.succeeded ? "ok" : "failed", 7) + " " + pad(String(run.total), 9) + " "
                    + pad(String(run.new), 4) + " " + String(run.resolved))
            if let error = run.error { lines.append("     error: " + TerminalText.sanitized(error, limit: 300)) }
        }
        if runs.isEmpty { lines.append("(no runs yet)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The root: `mfaguard serve|history`, as the small `mfaguard` execs it.
@main
struct MFAGuardServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfaguard", abstract: "mfaguard's server commands.", version: MFAGuardVersion.current,
        subcommands: [ServeCommand.self, HistoryCommand.self])

    static func main() async {
        // Before anything reads a credential: serve holds keys and session tokens for as long as it runs.
        CoreDumps.disable()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let failure = MFAGuardFailure(wrapping: error) {
                if !failure.message.isEmpty { Console.report(TerminalText.sanitized(failure.message, limit: 4000)) }
                Foundation.exit(failure.exitCode)
            }
            if exitCode(for: error) == .validationFailure {
                Console.report(message(for: error))
                Foundation.exit(ExitStatus.of(.usage))
            }
            exit(withError: error)
        }
    }
}
