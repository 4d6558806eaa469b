/// What an archive header says about one entry, before any of its bytes are read.
public struct ArchiveEntryInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case regularFile = "regular file"
        case directory
        case symbolicLink = "symbolic link"
        case hardLink = "hard link"
        case device
        case fifo = "FIFO"
        case socket
        case other
    }

    public var path: String
    public var kind: Kind
    /// The size the header declares; nil when the format does not say (streamed zip entries).
    public var size: Int64?
    /// Sparse entries expand holes on extraction: a classic way to hide a bomb.
    public var isSparse: Bool

    public init(path: String, kind: Kind, size: Int64?, isSparse: Bool = false) {
        self.path = path
        self.kind = kind
        self.size = size
        self.isSparse = isSparse
    }
}

/// Rejects, never repairs: a bundle that needs fixing is not trusted.
///
/// Checks only what the header says; sizes are checked again while the bytes stream, since a
/// header can lie.
public func check(_ entry: ArchiveEntryInfo, limits: BundleLimits) throws(CodexError) {
    guard entry.kind == .regularFile else { throw .unsafeBundleEntry(entry.path, "it is a \(entry.kind.rawValue)") }
    guard !entry.isSparse else { throw .unsafeBundleEntry(entry.path, "it is a sparse file") }
    let components = entry.path.split(separator: "/", omittingEmptySubsequences: false)
    guard !entry.path.hasPrefix("/"), !components.contains("..") else {
        throw .unsafeBundleEntry(entry.path, "its path escapes the bundle")
    }
    guard !entry.path.isEmpty, !components.contains(""), !components.contains("."),
        !entry.path.contains("\\"), !entry.path.contains("\0")
    else { throw .unsafeBundleEntry(entry.path, "its path is not in canonical form") }
    if let size = entry.size {
        guard size >= 0, size <= limits.maxEntryBytes else {
            throw .unsafeBundleEntry(entry.path, "it is larger than the \(limits.maxEntryBytes)-byte limit per entry")
        }
    }
}
