/// Why a local file could not be read or written: one line naming the file and the reason.
public struct LocalFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure it was, for callers that react to one (a missing file is often fine).
    public enum Kind: Sendable, Equatable {
        /// The path does not exist.
        case notFound
        /// The path is a directory, a FIFO, a socket or a device where a regular file is needed.
        case notRegularFile
        /// The file is larger than the reader's limit.
        case tooLarge
        /// The folder that would hold the file does not exist or is not a folder.
        case missingDirectory
        /// The existing file has no write permission for its owner (replacing it would hide that).
        case readOnly
        /// Any other failure of the system, with its reason.
        case system
    }

    /// The kind of failure.
    public let kind: Kind
    /// The file (or folder) concerned.
    public let path: String
    /// The one line a user sees.
    public let description: String

    /// A failure of `kind` about `path`, described by `description`.
    public init(_ kind: Kind, path: String, _ description: String) {
        self.kind = kind
        self.path = path
        self.description = description
    }
}
