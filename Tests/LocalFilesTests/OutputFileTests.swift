import Foundation
import Testing

@testable import LocalFiles

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct OutputFileTests {
    /// `audit -o /dev/null` as root once replaced the system's /dev/null with a regular file. A device
    /// node made for the test (the null device's numbers) is written in place and stays a device.
    @Test func writesIntoACharacterDeviceInPlace() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let device = scratch.file("null")
        var null = stat()
        #expect(stat("/dev/null", &null) == 0)
        #expect(mknod(device, S_IFCHR | 0o666, null.st_rdev) == 0, "mknod needs root (tests run as root)")
        #expect(chmod(device, 0o666) == 0)
        try OutputFile.write(Array("report".utf8), to: device, contents: .sensitive)
        var after = stat()
        #expect(lstat(device, &after) == 0)
        #expect(after.st_mode & S_IFMT == S_IFCHR)
        #expect(after.st_rdev == null.st_rdev)
        #expect(after.st_mode & 0o777 == 0o666)
        // And the real one, which is never touched but written to.
        try OutputFile.write(Array("report".utf8), to: "/dev/null", contents: .report)
        #expect(stat("/dev/null", &after) == 0 && after.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func writesIntoAFIFOForItsReader() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fifo = scratch.file("pipe")
        #expect(mkfifo(fifo, 0o644) == 0)
        let received = ReceivedBytes()
        let reader = Thread {
            let descriptor = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                received.append(buffer[0..<count])
            }
            close(descriptor)
            received.finish()
        }
        reader.start()
        try OutputFile.write(Array("{\"findings\":[]}\n".utf8), to: fifo, contents: .report)
        #expect(received.wait() == Array("{\"findings\":[]}\n".utf8))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func standardOutputNamesAreTheirDescriptors() throws {
        #expect(OutputFile.inheritedDescriptor("/dev/stdout") == 1)
        #expect(OutputFile.inheritedDescriptor("/dev/stderr") == 2)
        #expect(OutputFile.inheritedDescriptor("/dev/fd/2") == 2)
        #expect(OutputFile.inheritedDescriptor("/proc/self/fd/1") == 1)
        // A descriptor above the soft limit is never open (a fixed number such as 987 can be, in a
        // test process with many children running).
        var limit = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        #expect(OutputFile.inheritedDescriptor("/dev/fd/\(min(UInt64(limit.rlim_cur), 1 << 30) + 1)") == nil)
        #expect(OutputFile.inheritedDescriptor("/tmp/stdout") == nil)
    }

    @Test func aMissingFolderIsAnErrorAndNothingIsCreated() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.file("reports/mfa.json")
        let error = #expect(throws: LocalFileError.self) {
            try OutputFile.write([1], to: path, contents: .report)
        }
        #expect(error?.description == "cannot write \(path): the directory \(scratch.file("reports")) does not exist")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("reports")))
    }

    @Test func aSensitiveOutputEndsWithMode0600() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("old", to: "snapshot.json", mode: 0o644)
        try OutputFile.write(Array("{}".utf8), to: path, contents: .sensitive)
        #expect(mode(of: path) == 0o600)
        let report = try scratch.write("old", to: "report.html", mode: 0o664)
        try OutputFile.write(Array("<html>".utf8), to: report, contents: .report)
        #expect(mode(of: report) == 0o664)
    }
}

/// Bytes a reader thread collected, handed to the test when the writer closed.
final class ReceivedBytes: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var done = false

    func append(_ more: ArraySlice<UInt8>) {
        condition.lock()
        bytes += more
        condition.unlock()
    }

    func finish() {
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while !done { _ = condition.wait(until: Date().addingTimeInterval(10)) }
        return bytes
    }
}
