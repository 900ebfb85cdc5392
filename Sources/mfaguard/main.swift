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
// ../libexec/mfaguard/ (`make install`). See docs/ARCHITECTURE.md, "Start-up".

if let status = QuickCommand.run(CommandLine.arguments.dropFirst()) {
    exit(status)
}

// Never a guess such as the current directory: that would run whatever `mfaguard-commands` sits there.
var reasons: [String] = []
if let path = ExecutablePath.current(), let slash = path.lastIndex(of: "/") {
    let directory = String(path[..<slash])
    for candidate in [directory + "/mfaguard-commands", directory + "/../libexec/mfaguard/mfaguard-commands"] {
        execv(candidate, CommandLine.unsafeArgv)
        reasons.append("\(candidate): \(String(cString: strerror(errno)))")
    }
} else {
    reasons.append("the path of this executable is unknown: \(String(cString: strerror(errno)))")
}
Console.report(
    "cannot start mfaguard-commands, which runs every command but --version, totp and qr ("
        + reasons.joined(separator: "; ") + "); build it with `make release` or install both with `make install`")
exit(ExitStatus.of(.input))
