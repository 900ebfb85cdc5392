import Foundation
import TestSupport
import Testing

/// The small `mfaguard` executable hands every command but `--version`, `totp` and `qr` to
/// `mfaguard-commands` (Sources/mfaguard/main.swift): next to its real path, or in ../libexec/mfaguard.
struct LauncherTests {
    /// A directory that is removed when the test ends.
    final class Scratch {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("launcher-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func built() throws -> (launcher: String, core: String) {
        let launcher = try TestPaths.mfaguardBinary.path
        let core = (launcher as NSString).deletingLastPathComponent + "/mfaguard-commands"
        guard FileManager.default.isExecutableFile(atPath: core) else {
            throw TestSupportError("mfaguard-commands is not built next to \(launcher)")
        }
        return (launcher, core)
    }

    /// The layout of `make install`: PREFIX/bin/mfaguard and PREFIX/libexec/mfaguard/mfaguard-commands.
    @Test func installedLayoutFindsTheCoreInLibexec() throws {
        let (launcher, core) = try Self.built()
        let prefix = try Scratch()
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: prefix.path + "/bin", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: prefix.path + "/libexec/mfaguard", withIntermediateDirectories: true)
        try fileManager.copyItem(atPath: launcher, toPath: prefix.path + "/bin/mfaguard")
        try fileManager.createSymbolicLink(
            atPath: prefix.path + "/libexec/mfaguard/mfaguard-commands", withDestinationPath: core)

        // Arguments, exit status and output pass through unchanged: a usage error of the core.
        let result = try ChildProcess.run(prefix.path + "/bin/mfaguard", ["whoami", "--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-flag"))
        let help = try ChildProcess.run(prefix.path + "/bin/mfaguard", ["whoami", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: mfaguard whoami"))
    }

    /// A symbolic link to the build's `mfaguard` (say in ~/bin) still finds the core beside the target.
    @Test func symbolicLinkFindsTheCoreBesideItsTarget() throws {
        let (launcher, _) = try Self.built()
        let directory = try Scratch()
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/mfaguard", withDestinationPath: launcher)
        let result = try ChildProcess.run(directory.path + "/mfaguard", ["audit", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: mfaguard audit"))
    }

    /// Without the core, the quick commands still work and the others fail with one line that says
    /// where the core was looked for (exit 2), not a crash.
    @Test func missingCoreIsAClearError() throws {
        let (launcher, _) = try Self.built()
        let directory = try Scratch()
        try FileManager.default.copyItem(atPath: launcher, toPath: directory.path + "/mfaguard")
        let result = try ChildProcess.run(directory.path + "/mfaguard", ["whoami"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mfaguard: cannot start mfaguard-commands"))
        #expect(result.stderr.contains(directory.path + "/mfaguard-commands: No such file or directory"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let totp = try ChildProcess.run(
            directory.path + "/mfaguard", ["totp", "--time", "59"],
            stdin: Data("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n".utf8))
        #expect(totp.status == 0)
        #expect(totp.stdout == "287082\n")  // RFC 6238 Appendix B, SHA1 at T = 59, six digits
        let version = try ChildProcess.run(directory.path + "/mfaguard", ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+\n$"#, options: .regularExpression) != nil)
        let qr = try ChildProcess.run(directory.path + "/mfaguard", ["qr", "hello", "--no-color"])
        #expect(qr.status == 0)
        #expect(qr.stdout.contains("\u{2588}") || qr.stdout.contains("\u{2580}") || qr.stdout.contains("\u{2584}"))
    }
}
