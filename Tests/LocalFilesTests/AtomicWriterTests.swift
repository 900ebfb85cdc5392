import Foundation
import LocalFiles
import Testing

#if canImport(Glibc)
    import Glibc
#endif

func mode(of path: String) -> Int {
    var info = stat()
    return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
}

func text(of path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

@Suite struct AtomicWriterTests {
    @Test func keepsTheModeOfAReportAndForcesTheModeOfASecret() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let report = try scratch.write("old", to: "report.txt", mode: 0o640)
        try AtomicWriter.replace(Array("new".utf8), at: report, permissions: .keepingExisting(newFile: 0o644))
        #expect(text(of: report) == "new")
        #expect(mode(of: report) == 0o640)
        // A seed written into an existing 0644 file used to stay world-readable.
        let seed = try scratch.write("old", to: "seed", mode: 0o644)
        try AtomicWriter.replace(Array("JBSWY3DPEHPK3PXP".utf8), at: seed, permissions: .exactly(0o600))
        #expect(mode(of: seed) == 0o600)
        let fresh = scratch.file("fresh")
        try AtomicWriter.replace([1], at: fresh, permissions: .keepingExisting(newFile: 0o644))
        #expect(mode(of: fresh) == 0o644)
    }

    @Test func replacesTheTargetOfASymlinkAndKeepsTheLink() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = try scratch.write("old", to: "real-config")
        let link = scratch.file("config")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real-config")
        try AtomicWriter.replace(Array("new".utf8), at: link, permissions: .exactly(0o600))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real-config")
        #expect(text(of: target) == "new")
    }

    /// A 0400 file used to come back 0600 and writable, as `sed -i` would never do silently.
    @Test func refusesAReadOnlyFileUnlessAsked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("keep me", to: "config", mode: 0o400)
        let error = #expect(throws: LocalFileError.self) {
            try AtomicWriter.replace(Array("new".utf8), at: path, permissions: .exactly(0o600))
        }
        #expect(error?.kind == .readOnly)
        #expect(error?.description == "cannot write \(path): the file is read-only (mode 0400)")
        #expect(text(of: path) == "keep me")
        try AtomicWriter.replace(
            Array("new".utf8), at: path, permissions: .keepingExisting(newFile: 0o600), replacingReadOnly: true)
        #expect(text(of: path) == "new")
        #expect(mode(of: path) == 0o400)
    }

    @Test func createsMissingFoldersOnlyWhenAskedAndThenWithMode0700() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let nested = scratch.file("a/b/credentials")
        let error = #expect(throws: LocalFileError.self) {
            try AtomicWriter.replace([1], at: nested, permissions: .exactly(0o600))
        }
        #expect(error?.kind == .missingDirectory)
        #expect(error?.description == "cannot write \(nested): the directory \(scratch.file("a/b")) does not exist")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("a")))
        let previous = umask(0)
        defer { umask(previous) }
        try AtomicWriter.replace([1], at: nested, permissions: .exactly(0o600), missingDirectory: .create)
        #expect(mode(of: scratch.file("a")) == 0o700)
        #expect(mode(of: scratch.file("a/b")) == 0o700)
    }

    @Test func refusesToReplaceWhatIsNotARegularFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fifo = scratch.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let error = #expect(throws: LocalFileError.self) {
            try AtomicWriter.replace([1], at: fifo, permissions: .exactly(0o600))
        }
        #expect(error?.description == "cannot write \(fifo): it is a FIFO, not a regular file")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// A SIGKILL between the temporary file and the rename leaves a full copy of the file behind: the
    /// next write to the same target removes it once it is older than a minute, and leaves young ones
    /// (another process may be writing) and other names alone.
    @Test func removesItsOwnStaleTemporaryFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = try scratch.write("old", to: "credentials")
        let stale = try scratch.write("secret copy", to: ".credentials.mfaguard-tmp-AbC123")
        let young = try scratch.write("secret copy", to: ".credentials.mfaguard-tmp-XyZ789")
        let foreign = try scratch.write("not ours", to: ".credentials.tmp-AbC123")
        var times = [timeval(tv_sec: time(nil) - 120, tv_usec: 0), timeval(tv_sec: time(nil) - 120, tv_usec: 0)]
        #expect(utimes(stale, &times) == 0)
        #expect(utimes(foreign, &times) == 0)
        try AtomicWriter.replace(Array("new".utf8), at: target, permissions: .exactly(0o600))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: young))
        #expect(FileManager.default.fileExists(atPath: foreign))
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(left == [".credentials.mfaguard-tmp-XyZ789", ".credentials.tmp-AbC123", "credentials"])
    }
}
