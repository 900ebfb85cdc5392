import ArgumentParser
import MFAGuardKit

/// `mfaguard whoami`: the account, ARN and user id behind the resolved credentials.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the account, ARN and user id of the credentials mfaguard would use.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: table or json.")
    var format: TableOrJSON = .table

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.")
    var output: String?

    func run() async throws {
        let session = try global.session()
        let report = try await CallerIdentityReport.fetch(using: session)
        try OutputDestination(path: output).write(report.render(json: format == .json))
    }
}
