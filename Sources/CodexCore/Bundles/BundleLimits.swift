/// Caps that stop a hostile bundle before it fills the disk or the memory.
///
/// The defaults fit a lifetime of conversations on a laptop; a bundle past them is refused, and
/// every cap can be raised by a user who trusts the file.
public struct BundleLimits: Sendable, Equatable, Codable {
    /// Entries in an archive; a real bundle has 1 + 2 per session + 3 per collection.
    public var maxEntries: Int
    /// Sum of the uncompressed sizes of all entries (or the size of a JSON bundle).
    public var maxTotalBytes: Int64
    /// Uncompressed size of one entry.
    public var maxEntryBytes: Int64
    /// Uncompressed bytes per compressed byte, checked once more than `ratioFloorBytes` came out.
    public var maxCompressionRatio: Double
    /// Below this many uncompressed bytes the ratio is not checked: tiny repetitive files compress very well.
    public var ratioFloorBytes: Int64
    /// One line of a `.jsonl` entry, and any single `.json` entry other than the manifest.
    public var maxLineBytes: Int
    /// The manifest, which is read whole.
    public var maxManifestBytes: Int
    /// A JSON bundle, which is read whole (about three times its size in memory); archives are
    /// the format for bigger exports.
    public var maxJSONBytes: Int64

    public init(
        maxEntries: Int = 200_000, maxTotalBytes: Int64 = 8 << 30, maxEntryBytes: Int64 = 4 << 30,
        maxCompressionRatio: Double = 200, ratioFloorBytes: Int64 = 16 << 20, maxLineBytes: Int = 16 << 20,
        maxManifestBytes: Int = 64 << 20, maxJSONBytes: Int64 = 1 << 30
    ) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
        self.maxEntryBytes = maxEntryBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloorBytes = ratioFloorBytes
        self.maxLineBytes = maxLineBytes
        self.maxManifestBytes = maxManifestBytes
        self.maxJSONBytes = maxJSONBytes
    }

    public static let `default` = BundleLimits()
}
