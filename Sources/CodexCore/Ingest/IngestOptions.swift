/// How to ingest: which collection, what to leave out, and how to cut text into chunks.
public struct IngestOptions: Sendable, Equatable {
    /// 32 MiB: larger text files are almost always logs or generated data, not documentation.
    public static let defaultMaxFileSize: Int64 = 32 * 1024 * 1024

    public var collection: String
    /// Extra gitignore-style globs, relative to each root (`*.log`, `docs/old/**`, `build/`).
    public var excludes: [String]
    public var maxFileSize: Int64
    public var chunking: ChunkingOptions
    /// Re-read and re-chunk every file even when it looks unchanged (after changing `--chunk-tokens`).
    public var force: Bool
    /// Read archives (`.zip`, `.tar.gz`, …) member by member and compressed files (`.gz`, …) as
    /// the file they hold; false skips them as binary, as codex did before it could.
    public var readsPacked: Bool
    /// Caps for archives and compressed files; `maxEntryBytes` follows `maxFileSize`.
    public var archiveLimits: ArchiveLimits

    public init(
        collection: String = CollectionRecord.defaultName, excludes: [String] = [],
        maxFileSize: Int64 = IngestOptions.defaultMaxFileSize, chunking: ChunkingOptions = ChunkingOptions(),
        force: Bool = false, readsPacked: Bool = true, archiveLimits: ArchiveLimits? = nil
    ) {
        self.readsPacked = readsPacked
        self.archiveLimits = archiveLimits ?? ArchiveLimits(maxEntryBytes: maxFileSize)
        self.collection = collection
        self.excludes = excludes
        self.maxFileSize = maxFileSize
        self.chunking = chunking
        self.force = force
    }
}

/// The size of chunks, in (estimated) MiniLM word-piece tokens.
public struct ChunkingOptions: Sendable, Equatable {
    /// 200 estimated tokens of text leave room, inside MiniLM's 256-token window, for `[CLS]`,
    /// `[SEP]`, a heading path prepended at embedding time, and the estimator's error (±15 %).
    public static let defaultTokenBudget = 200

    public var tokenBudget: Int
    /// Lines repeated from the end of one chunk at the start of the next, within a section, so a
    /// sentence cut at a boundary is found from either side.
    public var overlapLines: Int

    public init(tokenBudget: Int = ChunkingOptions.defaultTokenBudget, overlapLines: Int = 2) {
        self.tokenBudget = max(16, tokenBudget)
        self.overlapLines = max(0, overlapLines)
    }
}
