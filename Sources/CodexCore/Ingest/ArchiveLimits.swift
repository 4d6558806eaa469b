/// Caps that stop a hostile archive or compressed file found by ingest before it fills the memory;
/// the same checks as `BundleLimits`, sized for documents rather than a lifetime of chats.
///
/// Members are read into memory, never written to disk, so every cap bounds memory.
public struct ArchiveLimits: Sendable, Equatable {
    /// Entries in one archive, nested archives included.
    public var maxEntries: Int
    /// Uncompressed bytes read out of one archive, nested archives included.
    public var maxTotalBytes: Int64
    /// Uncompressed bytes of one member (or of a compressed file's content): `--max-file-size`.
    public var maxEntryBytes: Int64
    /// Uncompressed bytes per byte of the archive file, checked once `ratioFloorBytes` came out.
    public var maxCompressionRatio: Double
    /// Below this the ratio is not checked: small, repetitive logs compress very well.
    public var ratioFloorBytes: Int64
    /// A member's path inside the archive, in bytes.
    public var maxPathBytes: Int

    public init(
        maxEntries: Int = 10_000, maxTotalBytes: Int64 = 256 << 20,
        maxEntryBytes: Int64 = IngestOptions.defaultMaxFileSize, maxCompressionRatio: Double = 200,
        ratioFloorBytes: Int64 = 16 << 20, maxPathBytes: Int = 1024
    ) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
        self.maxEntryBytes = maxEntryBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloorBytes = ratioFloorBytes
        self.maxPathBytes = maxPathBytes
    }
}
