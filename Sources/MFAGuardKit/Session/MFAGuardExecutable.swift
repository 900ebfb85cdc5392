import Foundation
import MFAGuardConsole

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `mfaguard` executable a `credential_process` line should run: the one running now, by its
/// absolute path with symbolic links resolved. A bare `mfaguard` depends on the PATH of whatever
/// runs the line (an SDK in an IDE, cron), and after `make release` it is on nobody's PATH.
public struct MFAGuardExecutable: Sendable, Equatable {
    /// The absolute, resolved path.
    public var path: String
    /// The build folder (`.build`, `DerivedData`) the path goes through, if any: a clean or a rebuild
    /// there breaks every profile that runs it.
    public var buildFolder: String?

    /// Folder names of build tools whose output is not an installation.
    static let buildFolderNames: Set<String> = [".build", "DerivedData"]

    /// The executable at `path` (taken as resolved); `buildFolder` is found from its components.
    public init(path: String) {
        self.path = path
        buildFolder = path.split(separator: "/").map(String.init).first { Self.buildFolderNames.contains($0) }
    }

    /// The running installation: the `mfaguard` front end that starts this process (see
    /// docs/ARCHITECTURE.md, "Start-up"), else this executable itself, which takes the same command
    /// lines. `nil` when the running executable's path is unknown.
    public static var running: MFAGuardExecutable? {
        ExecutablePath.current().map { locate(core: $0) }
    }

    /// The front end for the `mfaguard-commands` at `core` (a resolved path): `mfaguard` beside it (the
    /// build folder), or `P/bin/mfaguard` for `P/libexec/mfaguard/mfaguard-commands` (`make install`);
    /// `core` itself when neither is an executable.
    public static func locate(
        core: String, isExecutable: (String) -> Bool = { access($0, X_OK) == 0 }
    ) -> MFAGuardExecutable {
        let directory = (core as NSString).deletingLastPathComponent
        var candidates = [directory + "/mfaguard"]
        if directory.hasSuffix("/libexec/mfaguard") {
            let prefix = (directory as NSString).deletingLastPathComponent
            candidates.append((prefix as NSString).deletingLastPathComponent + "/bin/mfaguard")
        }
        for candidate in candidates where candidate != core && isExecutable(candidate) {
            return MFAGuardExecutable(path: resolved(candidate))
        }
        return MFAGuardExecutable(path: core)
    }

    /// `path` with symbolic links and `..` resolved (unchanged when it cannot be).
    static func resolved(_ path: String) -> String {
        guard let pointer = realpath(path, nil) else { return path }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
