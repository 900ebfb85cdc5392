import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `AWS_CONFIG_FILE=/dev/zero` once used 6 GB in 20 s and a FIFO as the credentials file hung every
/// command: shared files are regular files of at most 1 MiB, or /dev/null.
@Suite struct ConfigFileLimitTests {
    func whoami(_ environment: [String: String?]) throws -> (ChildProcess.Result, TimeInterval) {
        let started = Date()
        let result = try ChildProcess.run(
            try TestPaths.mfaguardBinary.path, ["whoami"], environment: ChildProcess.environment(environment))
        return (result, Date().timeIntervalSince(started))
    }

    @Test func devZeroIsRefusedAtOnce() throws {
        let (result, seconds) = try whoami(["AWS_CONFIG_FILE": "/dev/zero", "HOME": "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.stderr == "mfaguard: cannot read /dev/zero: it is a character device, not a regular file\n")
        #expect(seconds < 10)
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let directory = try makeTemporaryDirectory("config-fifo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/credentials"
        #expect(mkfifo(fifo, 0o600) == 0)
        let (result, seconds) = try whoami(["AWS_SHARED_CREDENTIALS_FILE": fifo, "HOME": directory])
        #expect(result.status == 2)
        #expect(result.stderr == "mfaguard: cannot read \(fifo): it is a FIFO, not a regular file\n")
        #expect(seconds < 10)
    }

    @Test func aHugeConfigIsRefused() throws {
        let directory = try makeTemporaryDirectory("config-huge")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/config"
        try Data(repeating: UInt8(ascii: "#"), count: (1 << 20) + 1).write(to: URL(fileURLWithPath: path))
        let (result, _) = try whoami(["AWS_CONFIG_FILE": path, "HOME": directory])
        #expect(result.status == 2)
        #expect(result.stderr == "mfaguard: cannot read \(path): larger than 1 MiB, the limit for this file\n")
    }

    @Test func devNullStillReadsAsEmpty() throws {
        let (result, _) = try whoami([
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "HOME": "/nonexistent",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mfaguard: no AWS credentials"), "\(result.stderr)")
    }
}
