import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Atomic file replacement: write a temp file in the same directory, fsync it, rename it over the
/// target, fsync the directory. Readers see the old file or the new one, never a half-written one.
public enum AtomicFile {
    /// Why a write failed, in one line.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Writes `data` to `path`. An existing file keeps its permission bits; a new one gets
    /// `newFileMode`; with `mode`, the file gets exactly that mode either way (for files that hold
    /// secrets). A symlink is followed, so the link stays a link. Missing parent directories are
    /// created with mode 0700.
    public static func write(_ data: Data, to path: String, newFileMode: mode_t = 0o600, mode forcedMode: mode_t? = nil)
        throws(WriteError)
    {
        let target = resolveSymlinks(path)
        let directory = (target as NSString).deletingLastPathComponent
        let dir = directory.isEmpty ? "." : directory
        if !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw WriteError(description: "cannot create directory \(dir): \(error.localizedDescription)")
            }
        }
        var mode = newFileMode
        var info = stat()
        if stat(target, &info) == 0 { mode = info.st_mode & 0o7777 }
        if let forcedMode { mode = forcedMode }

        var template = Array((dir + "/." + (target as NSString).lastPathComponent + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(description: "cannot create a temporary file in \(dir): \(errnoText())") }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do throws(WriteError) {
            guard fchmod(fd, mode) == 0 else { throw WriteError(description: "chmod failed: \(errnoText())") }
            let failure: String? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return "write failed: \(errnoText())"
                    }
                    offset += written
                }
                return nil
            }
            if let failure { throw WriteError(description: failure) }
            guard fsync(fd) == 0 else { throw WriteError(description: "fsync failed: \(errnoText())") }
            close(fd)
            closed = true
            guard rename(tempPath, target) == 0 else {
                throw WriteError(description: "rename to \(target) failed: \(errnoText())")
            }
        } catch {
            unlink(tempPath)
            throw WriteError(description: "cannot write \(target): \(error.description)")
        }
        let dirFD = open(dir, O_RDONLY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    private static func resolveSymlinks(_ path: String) -> String {
        var current = path
        for _ in 0..<16 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { break }
            current =
                destination.hasPrefix("/")
                ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return current
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, buffer, count)
        #elseif canImport(Musl)
            Musl.write(fd, buffer, count)
        #else
            Darwin.write(fd, buffer, count)
        #endif
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
