import Foundation
import LocalFiles
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under the temporary directory, removed by `remove()`.
struct Scratch {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("localfiles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ text: String, to name: String, mode: Int = 0o644) throws -> String {
        let file = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct FileReaderTests {
    @Test func readsARegularFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("[default]\nregion = eu-west-1\n", to: "config")
        #expect(try FileReader.contents(of: path, limit: 1024) == Array("[default]\nregion = eu-west-1\n".utf8))
    }

    @Test func refusesAFileAboveTheLimitWithoutReadingIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write(String(repeating: "x", count: 2049), to: "big")
        let error = #expect(throws: LocalFileError.self) { try FileReader.contents(of: path, limit: 2048) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description == "cannot read \(path): larger than 2 KiB, the limit for this file")
    }

    @Test func readsDevNullAsEmpty() throws {
        #expect(try FileReader.contents(of: "/dev/null", limit: 16) == [])
    }

    /// `AWS_CONFIG_FILE=/dev/zero` once filled 6 GB of memory: a device that is not /dev/null is refused
    /// where a file is expected, and capped where a stream is allowed.
    @Test func refusesDevZeroAndCapsItAsAStream() throws {
        let error = #expect(throws: LocalFileError.self) { try FileReader.contents(of: "/dev/zero", limit: 1 << 20) }
        #expect(error?.kind == .notRegularFile)
        #expect(error?.description == "cannot read /dev/zero: it is a character device, not a regular file")
        let capped = #expect(throws: LocalFileError.self) {
            try FileReader.contents(of: "/dev/zero", limit: 1 << 20, accepting: .streams)
        }
        #expect(capped?.kind == .tooLarge)
    }

    /// A FIFO with no writer used to hang the command for ever.
    @Test func refusesAFIFOAtOnce() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fifo = scratch.file("credentials")
        #expect(mkfifo(fifo, 0o600) == 0)
        let error = #expect(throws: LocalFileError.self) { try FileReader.contents(of: fifo, limit: 1024) }
        #expect(error?.description == "cannot read \(fifo): it is a FIFO, not a regular file")
    }

    @Test func readsAFIFOAsAStreamWhenAllowed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fifo = scratch.file("policy.json")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let descriptor = open(fifo, O_WRONLY)
            _ = Array("{}".utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, 2) }
            close(descriptor)
        }
        writer.start()
        // Opening for reading does not wait for the writer; reading does, until it closes.
        var bytes: [UInt8] = []
        for _ in 0..<200 {
            bytes = try FileReader.contents(of: fifo, limit: 1024, accepting: .streams)
            if !bytes.isEmpty { break }
            usleep(10_000)
        }
        #expect(bytes == Array("{}".utf8))
    }

    @Test func namesAMissingFileAndADirectory() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let missing = #expect(throws: LocalFileError.self) { try FileReader.contents(of: scratch.file("x"), limit: 1) }
        #expect(missing?.kind == .notFound)
        #expect(try FileReader.contentsIfPresent(of: scratch.file("x"), limit: 1) == nil)
        let directory = #expect(throws: LocalFileError.self) { try FileReader.contents(of: scratch.path, limit: 1) }
        #expect(directory?.description == "cannot read \(scratch.path): it is a directory")
    }
}
