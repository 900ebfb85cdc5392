import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `--code-command`, `mfa_process` and `credential_process` run programs from configuration: each is
/// bounded in time and output and ends with everything it started — on a timeout, on too much output,
/// and when a signal ends mfaguard (`yes 123456` once used 5 GB and outlived mfaguard).
@Suite struct ChildCommandTests {
    struct Harness {
        let home: String
        let environment: [String: String]

        init() throws {
            let moto = try Moto.shared()
            home = try makeTemporaryDirectory("child-command")
            try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
            try "[default]\nmfa_serial = arn:aws:iam::123456789012:mfa/child-command\n".write(
                toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
            environment = Moto.environment(moto, home: home)
        }

        func session(_ command: String, extra: [String: String] = [:]) throws -> ChildProcess.Result {
            try ChildProcess.run(
                try TestPaths.mfaguardBinary.path, ["session", "--no-cache", "--json", "--code-command", command],
                environment: environment.merging(extra) { $1 })
        }

        func remove() { try? FileManager.default.removeItem(atPath: home) }
    }

    /// Processes whose command line contains `marker` (a unique argument of the test's own command).
    static func running(_ marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                !status.contains("State:\tZ")
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(marker) ? line : nil
        }
    }

    @Test func endlessOutputIsCutOffAndStopped() throws {
        let harness = try Harness()
        defer { harness.remove() }
        let marker = "yes-\(UUID().uuidString.prefix(8))"
        let result = try harness.session("yes 123456 \(marker)")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "mfaguard: the MFA code command 'yes 123456 \(marker)' failed: printed more than 1024 KiB and was stopped\n"
        )
        #expect(Self.running(marker) == [])
    }

    /// The command gets standard input, output and error only, as botocore's `credential_process`
    /// does: not the socket Foundation's `Process` hands mfaguard (a helper that kept it would make the
    /// program that started mfaguard wait for the helper), nor anything else mfaguard holds.
    @Test func theCommandInheritsOnlyTheStandardDescriptors() throws {
        let harness = try Harness()
        defer { harness.remove() }
        let listing = harness.home + "/descriptors"
        // Python, not `ls` from sh: dash keeps a copy of a redirected descriptor of its own (10).
        let python = try ExternalTool("python3").path
        let script =
            "import os; fds = [fd for fd in range(3, 4096) if os.path.exists(f'/proc/self/fd/{fd}')]; "
            + "open('\(listing)', 'w').write(' '.join(map(str, fds))); print(123456)"
        _ = try harness.session("'\(python)' -c \"\(script)\"")
        #expect(try String(contentsOfFile: listing, encoding: .utf8) == "")
    }

    @Test func aHungCommandTimesOutWithEverythingItStarted() throws {
        let harness = try Harness()
        defer { harness.remove() }
        // A duration no other process has names the sleep; sh stays as its parent.
        let marker = "600.\(Int.random(in: 10_000...99_999))"
        let command = "sleep \(marker)\necho 123456"
        let started = Date()
        let result = try harness.session(command, extra: ["MFAGUARD_COMMAND_TIMEOUT": "2"])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains("did not finish within 2 s and was stopped (MFAGUARD_COMMAND_TIMEOUT"))
        #expect(Self.running(marker) == [])
    }

    /// SIGTERM to mfaguard while its code command runs: the command and its children end too.
    @Test func aSignalToMFAGuardEndsTheCommand() throws {
        let harness = try Harness()
        defer { harness.remove() }
        let marker = "600.\(Int.random(in: 10_000...99_999))"
        let process = Process()
        // As a shell starts it: no signal blocked (Foundation's Process passes on its thread's mask).
        process.executableURL = URL(fileURLWithPath: try ExternalTool("python3").path)
        process.arguments = [
            "-c",
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                + "[signal.signal(s, signal.SIG_DFL) for s in (1, 2, 15)]; os.execv(sys.argv[1], sys.argv[1:])",
            try TestPaths.mfaguardBinary.path, "session", "--no-cache", "--json", "--code-command",
            "sh -c 'sleep \(marker)'; echo 123456",
        ]
        process.environment = harness.environment
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try ChildProcess.start(process)
        var seen = false
        for _ in 0..<500 where !seen {
            seen = !Self.running(marker).isEmpty
            if !seen { usleep(10_000) }
        }
        #expect(seen, "the code command never started")
        var sleeping = false
        for _ in 0..<500 where !sleeping {  // the inner sh becomes sleep
            sleeping = Self.running(marker).contains { $0.hasPrefix("sleep ") }
            if !sleeping { usleep(10_000) }
        }
        #expect(sleeping)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(
            process.terminationReason == .uncaughtSignal,
            "ended with \(process.terminationReason == .exit ? "exit status" : "signal") \(process.terminationStatus)")
        var gone = false
        for _ in 0..<300 where !gone {
            gone = Self.running(marker).isEmpty
            if !gone { usleep(10_000) }
        }
        #expect(gone, "still running: \(Self.running(marker))")
    }
}
