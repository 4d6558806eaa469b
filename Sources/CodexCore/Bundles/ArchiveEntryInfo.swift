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
    /// Encrypted zip or 7z entries cannot be read without a password codex never asks for.
    public var isEncrypted: Bool

    public init(path: String, kind: Kind, size: Int64?, isSparse: Bool = false, isEncrypted: Bool = false) {
        self.path = path
        self.kind = kind
        self.size = size
        self.isSparse = isSparse
        self.isEncrypted = isEncrypted
    }
}

/// Rejects, never repairs: a bundle that needs fixing is not trusted.
///
/// Checks only what the header says; sizes are checked again while the bytes stream, since a
/// header can lie.
public func check(_ entry: ArchiveEntryInfo, limits: BundleLimits) throws(CodexError) {
    if let reason = entry.problem(maxBytes: limits.maxEntryBytes) { throw .unsafeBundleEntry(entry.path, reason) }
}

extension ArchiveEntryInfo {
    /// Why this entry must not be extracted, from its header alone; nil when it may be. Shared by
    /// session bundles and model archives: only regular files, no sparse files, no absolute paths,
    /// no `..`, only canonical names, nothing larger than `maxBytes`.
    func problem(maxBytes: Int64, in container: String = "bundle") -> String? {
        guard kind == .regularFile else { return "it is a \(kind.rawValue)" }
        guard !isSparse else { return "it is a sparse file" }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !components.contains("..") else { return "its path escapes the \(container)" }
        guard !path.isEmpty, !components.contains(""), !components.contains("."), !path.contains("\\"),
            !path.contains("\0")
        else { return "its path is not in canonical form" }
        if let size, size < 0 || size > maxBytes { return "it is larger than the \(maxBytes)-byte limit per entry" }
        return nil
    }
}
