import Foundation

/// Paths of the repository, the shared conformance data beside it, and the built `mfaguard` binary.
public enum TestPaths {
    /// The repository root (this file is `Tests/TestSupport/TestPaths.swift`).
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository (DEVELOPERS.md: conformance vectors live there).
    public static let shared: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// A folder of the shared conformance data; a missing folder is an error, never a skip.
    public static func conformance(_ name: String) throws -> URL {
        let url = shared.appendingPathComponent("conformance").appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TestSupportError("conformance data missing: \(url.path) (shared/ must sit beside the repository)")
        }
        return url
    }

    /// A file under `../shared`; a missing file is an error, never a skip.
    public static func shared(_ relativePath: String) throws -> URL {
        let url = shared.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TestSupportError("fixture \(url.path) is missing (shared/ must sit beside the repository)")
        }
        return url
    }

    /// The `mfaguard` executable users get: the release build of `make release` (static standard
    /// library), never the debug build, whose behaviour can differ (Foundation bridging, concurrency).
    /// `MFAGUARD_BINARY` names another one (an installed copy); `mfaguard-commands` must sit beside it.
    public static var mfaguardBinary: URL {
        get throws {
            if let custom = ProcessInfo.processInfo.environment["MFAGUARD_BINARY"], !custom.isEmpty {
                guard FileManager.default.isExecutableFile(atPath: custom) else {
                    throw TestSupportError("MFAGUARD_BINARY=\(custom) is not an executable")
                }
                return URL(fileURLWithPath: custom)
            }
            let url = repoRoot.appendingPathComponent(".build/release/mfaguard")
            guard FileManager.default.isExecutableFile(atPath: url.path),
                FileManager.default.isExecutableFile(
                    atPath: url.deletingLastPathComponent().appendingPathComponent("mfaguard-commands").path)
            else {
                throw TestSupportError("the release build of mfaguard is missing: run `make release` (make test does)")
            }
            return url
        }
    }
}

/// A failure of the test harness itself (missing fixture, tool or emulator).
public struct TestSupportError: Error, CustomStringConvertible {
    /// What is missing or wrong, with its path.
    public let description: String
    /// A harness failure saying `description`.
    public init(_ description: String) { self.description = description }
}
