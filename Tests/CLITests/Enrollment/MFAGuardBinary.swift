import Foundation
import TestSupport

/// The release `mfaguard` (`TestPaths.mfaguardBinary`), run as a user would, and a scratch directory per test.
struct MFAGuardBinary {
    let tool: ExternalTool

    init() throws {
        tool = try ExternalTool(try TestPaths.mfaguardBinary.path)
    }

    func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) async throws
        -> ExternalTool.Output
    {
        var base = ProcessInfo.processInfo.environment
        base.merge(environment) { $1 }
        return try await tool.run(arguments, stdin: Data(stdin.utf8), environment: base)
    }
}

/// A fresh temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mfaguard-enroll-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
