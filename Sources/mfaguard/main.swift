import MFAGuardConsole
import QuickCommands

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The `mfaguard` command users run: a small static executable without Foundation. It runs
// `--version`, `totp` and `qr` itself (QuickCommand) and hands every other command line, unchanged,
// to `mfaguard-commands` with exec, found next to this executable (the build directory) or in
// ../libexec/mfaguard/ (`make install`); `serve` and `history` go to `mfaguard-server` the same way, so
// that no other command links the HTTP server and SQLite. See docs/ARCHITECTURE.md, "Start-up".

if let status = QuickCommand.run(CommandLine.arguments.dropFirst()) {
    exit(status)
}

// Never a guess such as the current directory: that would run whatever `mfaguard-commands` sits there.
let serverCommands: Set<String> = ["serve", "history"]
let target =
    CommandLine.arguments.dropFirst().first.map(serverCommands.contains) == true
    ? "mfaguard-server" : "mfaguard-commands"
var reasons: [String] = []
if let path = ExecutablePath.current(), let slash = path.lastIndex(of: "/") {
    let directory = String(path[..<slash])
    for candidate in [directory + "/" + target, directory + "/../libexec/mfaguard/" + target] {
        execv(candidate, CommandLine.unsafeArgv)
        reasons.append("\(candidate): \(String(cString: strerror(errno)))")
    }
} else {
    reasons.append("the path of this executable is unknown: \(String(cString: strerror(errno)))")
}
Console.report(
    "cannot start \(target), which runs "
        + (target == "mfaguard-server" ? "serve and history" : "every command but --version, totp and qr")
        + " (" + reasons.joined(separator: "; ") + "); build it with `make release` or install all with `make install`")
exit(ExitStatus.of(.input))
