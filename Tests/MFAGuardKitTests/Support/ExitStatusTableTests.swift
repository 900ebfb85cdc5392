import Foundation
import MFAGuardConsole
import TestSupport
import Testing

@testable import MFAGuardKit

/// The README's table of exit codes is what `ExitStatus.of` does: every row is compared with the
/// mapping, and every kind must have its row, so a change to either side fails here.
@Suite struct ExitStatusTableTests {
    /// The `| status | kind | meaning |` rows of the README, in order.
    static func readmeRows() throws -> [(status: Int32, kind: String)] {
        let readme = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let header = lines.firstIndex(of: "| status | kind | meaning |") else {
            throw TestSupportError("README.md has no exit-code table (a '| status | kind | meaning |' header)")
        }
        var rows: [(Int32, String)] = []
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, let status = Int32(cells[0]) else {
                throw TestSupportError("README.md exit-code row is not '| status | kind | meaning |': \(line)")
            }
            rows.append((status, cells[1]))
        }
        return rows
    }

    static func name(_ kind: MFAGuardFailure.Kind) -> String { "\(kind)" }

    @Test func readmeTableMatchesTheMappingRowByRow() throws {
        let rows = try Self.readmeRows()
        var expected: [(status: Int32, kind: String)] = [(ExitStatus.success, "success")]
        expected += MFAGuardFailure.Kind.allCases.map { (ExitStatus.of($0), Self.name($0)) }
        #expect(rows.count == expected.count, "README rows: \(rows), mapping: \(expected)")
        for (row, mapping) in zip(rows, expected) {
            #expect(row.kind == mapping.kind, "README row \(row) where the mapping has \(mapping)")
            #expect(
                row.status == mapping.status, "README says \(row.kind) exits \(row.status), the code \(mapping.status)")
        }
    }

    @Test func onlySuccessExitsZero() {
        #expect(MFAGuardFailure.Kind.allCases.allSatisfy { ExitStatus.of($0) != ExitStatus.success })
    }

    @Test func reportStatusReplacesTheKindsStatusOnly() {
        #expect(MFAGuardFailure(.findings).exitCode == 1)
        #expect(MFAGuardFailure(.findings, reportStatus: 2).exitCode == 2)
        let nagios = MonitoringFailure.failure(MFAGuardFailure(.aws, "down"), in: .nagios)
        #expect(nagios.kind == .aws && nagios.message == "down" && nagios.exitCode == 3)
        #expect(MonitoringFailure.failure(MFAGuardFailure(.aws, "down"), in: .prtg).exitCode == 3)
        #expect(MonitoringFailure.failure(MFAGuardFailure(.usage, "bad"), in: .prometheus).exitCode == 2)
        #expect(MonitoringFailure.failure(MFAGuardFailure(.usage, "bad"), in: .nagios).exitCode == 3)
    }

    @Test func nagiosStatesStandForKindsOfTheTable() {
        #expect(NagiosState.ok.kind == nil)
        #expect(NagiosState.warning.kind == .findings && NagiosState.critical.kind == .findings)
        #expect(NagiosState.unknown.kind == .partial)
    }

    @Test func wrappingKeepsAFailureWhole() {
        let failure = MFAGuardFailure(.partial, "", reportStatus: 3)
        let wrapped = MFAGuardFailure(wrapping: failure)
        #expect(wrapped?.kind == .partial && wrapped?.exitCode == 3)
        #expect(MFAGuardFailure(wrapping: PromptError.noTerminal(purpose: "x", path: "/p", hint: nil))?.exitCode == 2)
        #expect(MFAGuardFailure(wrapping: CancellationError()) == nil)
    }

    /// The audit's outcome: partial before findings in the table; Nagios ranks CRITICAL over UNKNOWN.
    @Test func auditOutcomeInTheTableAndInNagios() {
        let thresholds = AlertThresholds(warning: .medium, critical: .high)
        func status(_ report: AuditReport, _ format: ReportFormat) -> Int32 {
            report.failure(format: format, thresholds: thresholds)?.exitCode ?? ExitStatus.success
        }
        #expect(status(SampleReports.clean(), .table) == 0 && status(SampleReports.clean(), .nagios) == 0)
        #expect(status(SampleReports.only([.high]), .json) == 1 && status(SampleReports.only([.high]), .nagios) == 2)
        #expect(status(SampleReports.only([.medium]), .table) == 0)
        #expect(status(SampleReports.only([.medium]), .nagios) == 1)
        #expect(SampleReports.partial().outcome(failOn: .high) == .partial)
        #expect(status(SampleReports.partial(), .sarif) == 4 && status(SampleReports.partial(), .nagios) == 2)
        #expect(SampleReports.partial().failure(format: .nagios, thresholds: thresholds)?.message == "")
    }
}
