import Foundation
import LocalFiles

/// Atomic file replacement for `~/.aws` files and the session cache: `LocalFiles.AtomicWriter`
/// (temp file beside the target, fsync, rename, fsync of the folder; the temp file removed on failure
/// and on SIGINT/SIGTERM), with missing folders created 0700.
public enum AtomicFile {
    /// Why a write failed, in one line.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        /// `cannot write PATH: reason`.
        public let description: String
        /// What kind of failure it was (a read-only target, a missing folder, ...).
        public let kind: LocalFileError.Kind

        /// The reason alone, without the "cannot write PATH: " the description starts with.
        public let reason: String

        init(_ error: LocalFileError) {
            description = error.description
            kind = error.kind
            let prefix = "cannot write \(error.path): "
            reason = description.hasPrefix(prefix) ? String(description.dropFirst(prefix.count)) : description
        }
    }

    /// Writes `data` to `path`. An existing file keeps its permission bits; a new one gets
    /// `newFileMode`; with `mode`, the file gets exactly that mode either way (for files that hold
    /// secrets). A symlink is followed, so the link stays a link. Missing parent directories are
    /// created with mode 0700. A read-only target (no write bit for its owner) is refused unless
    /// `replacingReadOnly`.
    public static func write(
        _ data: Data, to path: String, newFileMode: mode_t = 0o600, mode forcedMode: mode_t? = nil,
        replacingReadOnly: Bool = false
    ) throws(WriteError) {
        let permissions: AtomicWriter.Permissions =
            forcedMode.map { .exactly($0) } ?? .keepingExisting(newFile: newFileMode)
        do {
            try AtomicWriter.replace(
                Array(data), at: path, permissions: permissions, missingDirectory: .create,
                replacingReadOnly: replacingReadOnly)
        } catch {
            throw WriteError(error)
        }
    }
}
