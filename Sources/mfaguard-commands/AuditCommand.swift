import ArgumentParser
import Foundation
import MFAGuardConsole
import MFAGuardKit

extension ReportFormat: CaseInsensitiveArgument {}
extension Severity: CaseInsensitiveArgument {}

/// `mfaguard audit`: every way into the account without MFA.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Find every way into the account without MFA.",
        discussion: """
            Reads the account with a few bulk calls (credential report, GetAccountAuthorizationDetails, \
            ListVirtualMFADevices, GetAccountSummary), or a saved snapshot with --snapshot, and checks the rules \
            of docs/audit-rules.md.

            Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or input error, \
            3 AWS error, 4 partial result (some data could not be collected; the report says what). \
            With --format nagios: 0 OK, 1 WARNING (a finding at or above --warn-on), 2 CRITICAL (at or above \
            --fail-on), 3 UNKNOWN (the audit could not run, or is partial). When the audit cannot run at all, \
            --format nagios, prtg and prometheus still print the failure in their format (docs/monitoring.md).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of stdout.")
    var output: String?

    @Option(help: "Audit a snapshot file (from 'mfaguard snapshot') instead of the live account.")
    var snapshot: String?

    @Option(help: "YAML or JSON file of exemptions: rule, principal (ARN, name or glob), reason, owner, expires.")
    var exemptions: String?

    @Option(help: "Exit 1 when a finding is at or above this severity: low, medium, high or critical.")
    var failOn: Severity = .high

    @Option(
        help: ArgumentHelp(
            "With --format nagios or prtg: findings at or above this severity, and below --fail-on, make a WARNING.",
            discussion: "low, medium, high or critical; --fail-on sets CRITICAL."))
    var warnOn: Severity = .medium

    @Flag(help: "Re-check the console users the (up to 4 hours old) credential report flags, one call each.")
    var fresh = false

    @Option(help: "At most this many AWS requests per second, per account (each account's IAM quota is shared).")
    var maxRate: Double = 5

    @Flag(help: "Audit every active account of the organization (run with the management account's credentials).")
    var organization = false

    @Option(
        help: "With --organization: the role to assume in each member account (e.g. OrganizationAccountAccessRole).")
    var role: String?

    @Option(help: "With --organization: accounts audited at the same time.")
    var concurrency: Int = 4

    func validate() throws {
        try validateRate(maxRate)
        guard (1...50).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 50") }
        if organization {
            guard let role, !role.isEmpty else {
                throw ValidationError(
                    "--organization needs --role NAME: the role to assume in each member account, such as "
                        + "OrganizationAccountAccessRole or a read-only audit role")
            }
            guard !role.contains("/") && !role.contains(":") else {
                throw ValidationError("--role takes a role name, not an ARN or path: '\(role)'")
            }
            guard snapshot == nil else { throw ValidationError("--organization audits live accounts, not --snapshot") }
        } else if role != nil {
            throw ValidationError("--role is for --organization")
        }
    }

    func run() async throws {
        let destination = OutputDestination(path: output)
        let report: AuditReport
        do {
            report = try await collect()
        } catch {
            throw Self.failInMonitoringFormat(error, format: format, output: output)
        }
        let thresholds = AlertThresholds(warning: warnOn, critical: failOn)
        let color = destination.colorEnabled(noColorFlag: global.noColor)
        let lastSuccess = format == .prometheus ? Self.previousLastSuccess(output) : nil
        try destination.write(
            try ReportRenderer.render(
                report, as: format, options: .init(color: color, thresholds: thresholds, lastSuccess: lastSuccess)))
        if let failure = report.failure(format: format, thresholds: thresholds) { throw failure }
    }

    private func collect() async throws -> AuditReport {
        let source: AuditRunner.Source =
            if let snapshot { .snapshot(path: snapshot) } else if organization, let role {
                .organization(
                    try global.session(maxRequestsPerSecond: maxRate), roleName: role, concurrency: concurrency)
            } else {
                .live(try global.session(maxRequestsPerSecond: maxRate))
            }
        return try await AuditRunner.audit(
            from: source, exemptionsPath: exemptions, fresh: fresh, logger: global.logger)
    }

    /// A run that could not audit, in a monitoring format: the failure is printed in that format (so the
    /// sensor shows it) and on stderr, and the result is the failure to end with, already reported
    /// (`MonitoringFailure.failure(_:in:)`: Nagios' UNKNOWN). Other formats, and errors nobody
    /// classified, are returned unchanged for `MFAGuardCommand.main`.
    static func failInMonitoringFormat(_ error: any Error, format: ReportFormat, output: String?) -> any Error {
        guard MonitoringFailure.handles(format), let failure = MFAGuardFailure(wrapping: error) else { return error }
        failure.report()
        writeFailure(failure.message, format: format, output: output)
        let ending = MonitoringFailure.failure(failure, in: format)
        return MFAGuardFailure(ending.kind, reportStatus: ending.reportStatus)
    }

    /// Usage errors (before `run`): for `audit --format nagios|prtg|prometheus` the argument vector is read
    /// as it was typed, so the failure still reaches the monitoring system. Returns the exit code when it
    /// printed the failure, nil when the arguments are not such an audit.
    static func monitoringUsageFailure(_ arguments: [String], message: String) -> Int32? {
        guard arguments.first == "audit", let name = value(of: "--format", in: arguments),
            let format = ReportFormat(rawValue: name.lowercased()), MonitoringFailure.handles(format)
        else { return nil }
        let reason = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        let line = reason.hasPrefix("Error: ") ? String(reason.dropFirst(7)) : reason
        Console.report(line)
        writeFailure(
            line, format: format, output: value(of: "--output", in: arguments) ?? value(of: "-o", in: arguments))
        return MonitoringFailure.failure(MFAGuardFailure(.usage, line), in: format).exitCode
    }

    private static func value(of option: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == option, index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix(option + "=") { return String(argument.dropFirst(option.count + 1)) }
        }
        return nil
    }

    private static func writeFailure(_ reason: String, format: ReportFormat, output: String?) {
        let lastSuccess = format == .prometheus ? previousLastSuccess(output) : nil
        guard let text = MonitoringFailure.render(reason: reason, as: format, at: Date(), lastSuccess: lastSuccess)
        else { return }
        do {
            try OutputDestination(path: output).write(text)
        } catch {
            // The output file is what failed, perhaps: the monitoring system still reads stdout.
            Console.output(text)
        }
    }

    /// The last complete audit recorded by the Prometheus file `--output` is about to replace (the
    /// textfile collector's file). Only a regular file is read: a FIFO would block.
    static func previousLastSuccess(_ output: String?) -> Date? {
        guard let output, output != "-",
            (try? FileManager.default.attributesOfItem(atPath: output)[.type] as? FileAttributeType) == .typeRegular,
            let data = FileManager.default.contents(atPath: output)
        else { return nil }
        return MonitoringFailure.lastSuccess(inPrometheusExposition: String(decoding: data, as: UTF8.self))
    }
}

/// `mfaguard snapshot`: save what the audit reads, to audit offline later.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save the account data the audit reads (mfaguard.snapshot/v1 JSON) for offline audits.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "The snapshot file to write (mode 0600).")
    var output: String

    @Option(help: "At most this many AWS requests per second.")
    var maxRate: Double = 5

    func validate() throws { try validateRate(maxRate) }

    func run() async throws {
        let session = try global.session(maxRequestsPerSecond: maxRate)
        let snapshot = try await SnapshotCollector(session: session, logger: global.logger).collect()
        try OutputDestination(path: output).write(
            String(decoding: try snapshot.encoded(), as: UTF8.self), contents: .sensitive)
        if !snapshot.errors.isEmpty {
            for error in snapshot.errors {
                Console.report("not collected: \(error.operation): \(error.message)")
            }
            throw MFAGuardFailure(.partial)
        }
    }
}

/// `--max-rate`: from 0.1 (a request every 10 s) to 1,000 requests per second. Smaller values would
/// stall an audit for hours without a word, `inf` or `nan` would remove the limit.
func validateRate(_ rate: Double) throws {
    guard rate.isFinite, rate >= 0.1, rate <= 1000 else {
        throw ValidationError("--max-rate must be from 0.1 to 1000 requests per second, not \(rate)")
    }
}
