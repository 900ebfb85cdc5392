import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every `--output` goes through one writer (LocalFiles.OutputFile); these run the release binary as
/// users do and check that nothing at the path is harmed: FIFOs and devices are written in place, a
/// missing folder is an error, secrets and account data end 0600, a signal leaves no copy behind.
@Suite struct OutputSafetyTests {
    func mfaguard(_ arguments: [String], environment: [String: String?] = [:]) throws -> ChildProcess.Result {
        try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, arguments, environment: ChildProcess.environment(environment))
    }

    func mode(_ path: String) -> Int {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }

    func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func writesIntoAFIFOAndLeavesItAFIFO() throws {
        let directory = try makeTemporaryDirectory("output-fifo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/report.pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = ChildProcess.whileNothingStarts { Pipe() }
        reader.standardOutput = pipe
        try ChildProcess.start(reader)
        let result = try mfaguard(["policy", "generate", "require-mfa", "--output", fifo])
        #expect(result.status == 0, "\(result.stderr)")
        let received = pipe.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        let document = try JSONSerialization.jsonObject(with: received) as? [String: Any]
        #expect(document?["Version"] as? String == "2012-10-17")
        #expect(kind(fifo) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["report.pipe"])
    }

    /// `audit -o /dev/null` as root replaced the system's /dev/null with a regular file. A null device
    /// made for the test stands in for it (the real one is written too: in place, it cannot be harmed).
    @Test(arguments: [["policy", "generate", "self-manage-mfa"], ["policy", "lint", "-"]])
    func writesIntoACharacterDeviceAndLeavesItADevice(command: [String]) throws {
        let directory = try makeTemporaryDirectory("output-device")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let device = directory + "/null"
        var null = stat()
        #expect(stat("/dev/null", &null) == 0)
        #expect(mknod(device, S_IFCHR | 0o666, null.st_rdev) == 0, "mknod needs root (tests run as root)")
        #expect(chmod(device, 0o666) == 0)
        let input = Data(#"{"Version":"2012-10-17","Statement":[]}"#.utf8)
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, command + ["--output", device], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(kind(device) == S_IFCHR)
        #expect(mode(device) == 0o666)
        var after = stat()
        #expect(lstat(device, &after) == 0 && after.st_rdev == null.st_rdev)
        let real = try mfaguard(["policy", "generate", "require-mfa", "--output", "/dev/null"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(kind("/dev/null") == S_IFCHR)
    }

    /// The commands that replaced devices and FIFOs before (they wrote through the atomic writer).
    @Test(arguments: [["whoami"], ["snapshot"], ["audit", "--format", "json"]])
    func accountCommandsWriteIntoADeviceAndAFIFOInPlace(command: [String]) throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("output-account")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let device = home + "/null"
        var null = stat()
        #expect(stat("/dev/null", &null) == 0)
        #expect(mknod(device, S_IFCHR | 0o644, null.st_rdev) == 0, "mknod needs root (tests run as root)")
        let environment = Moto.environment(moto, home: home)
        let toDevice = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, command + ["--output", device], environment: environment)
        #expect([0, 1].contains(toDevice.status), "\(toDevice.stderr)")
        #expect(kind(device) == S_IFCHR)
        let fifo = home + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = ChildProcess.whileNothingStarts { Pipe() }
        reader.standardOutput = pipe
        try ChildProcess.start(reader)
        let toFIFO = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, command + ["--output", fifo], environment: environment)
        #expect([0, 1].contains(toFIFO.status), "\(toFIFO.stderr)")
        let received = pipe.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect((try? JSONSerialization.jsonObject(with: received)) != nil || command == ["whoami"])
        #expect(!received.isEmpty)
        #expect(kind(fifo) == S_IFIFO)
    }

    @Test(arguments: ["-", "/dev/stdout"])
    func standardOutputByName(path: String) throws {
        let result = try mfaguard(["policy", "generate", "require-mfa", "--output", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"Version\": \"2012-10-17\""))
    }

    @Test func aMissingFolderIsAUsageErrorAndNothingIsCreated() throws {
        let directory = try makeTemporaryDirectory("output-missing")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/reports/mfa.json"
        let result = try mfaguard(["policy", "generate", "require-mfa", "--output", path])
        #expect(result.status == 2)
        #expect(result.stderr == "mfaguard: cannot write \(path): the directory \(directory)/reports does not exist\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [])
    }

    @Test func aSnapshotIntoAnExisting0644FileEnds0600() throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("output-snapshot")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let path = home + "/account.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        #expect(chmod(path, 0o644) == 0)
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["snapshot", "--output", path],
            environment: Moto.environment(moto, home: home))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("mfaguard.snapshot/v1"))
    }

    @Test func aShownSeedIntoAnExisting0644FileEnds0600() throws {
        let moto = try Moto.shared()
        let home = try makeTemporaryDirectory("output-seed")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = Moto.environment(moto, home: home)
        let user = "output-seed-\(UUID().uuidString.prefix(8))"
        let python = try ChildProcess.run(
            "python3",
            [
                "-c",
                "import boto3,sys; boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1')"
                    + ".create_user(UserName=sys.argv[2])", moto.url, user,
            ],
            environment: environment)
        #expect(python.status == 0, "\(python.stderr)")
        let path = home + "/device.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        #expect(chmod(path, 0o644) == 0)
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path,
            ["device", "create", "--user", user, "--show-secret", "--format", "json", "--output", path],
            environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(mode(path) == 0o600)
        let device =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((device?["seed"] as? String)?.isEmpty == false)
    }

    /// A signal between the temporary file (a full copy of the output) and the rename: the copy is
    /// removed, the target is unchanged, and the process still ends by that signal.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalDuringAWriteLeavesNoTemporaryFile(signal number: Int32) throws {
        let directory = try makeTemporaryDirectory("output-signal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/policy.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("before".utf8)))
        // Foundation's Process starts children with the spawning thread's signal mask (Dispatch blocks
        // most signals there); a shell starts them with none blocked, so the test does as the shell.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool("python3").path)
        process.arguments = [
            "-c",
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                + "[signal.signal(s, signal.SIG_DFL) for s in (1, 2, 15)]; os.execv(sys.argv[1], sys.argv[1:])",
            try TestPaths.mfaguardBinary.path, "policy", "generate", "require-mfa", "--output", path,
        ]
        process.environment = ChildProcess.environment(["MFAGUARD_TEST_PAUSE_BEFORE_RENAME_MS": "8000"])
        process.standardError = FileHandle.nullDevice
        try ChildProcess.start(process)
        var temporary: String?
        for _ in 0..<500 where temporary == nil {
            temporary = try FileManager.default.contentsOfDirectory(atPath: directory).first {
                $0.hasPrefix(".policy.json.mfaguard-tmp-")
            }
            if temporary == nil { usleep(10_000) }
        }
        #expect(temporary != nil, "the write never started")
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == number)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["policy.json"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "before")
    }
}
