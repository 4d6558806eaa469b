/// How a file found by ingest is packed, told by its name: an archive of documents (`.zip`,
/// `.tar.gz`, `.7z`, …) or one compressed file (`notes.md.gz`), read through libarchive.
///
/// The name decides, not the content: libarchive is then given only that one filter and format,
/// so a crafted file cannot steer it into another parser (as `ArchiveInput` does for bundles).
struct PackedFormat: Sendable, Equatable {
    enum Container: Sendable, Equatable {
        case zip, tar, sevenZip
        /// One compressed file; its only entry is the decompressed data.
        case raw
    }

    enum Filter: Sendable, Equatable {
        case none, gzip, bzip2, xz, zstd, lz4
    }

    var container: Container
    var filter: Filter
    /// The name's packing suffix (".tar.gz"), removed to name the file a compressed file holds.
    var suffix: String

    /// True for archives, whose members become documents of their own.
    var isArchive: Bool { container != .raw }

    /// Suffixes, longest first so `.tar.gz` wins over `.gz`.
    private static let suffixes: [(String, Container, Filter)] = [
        (".tar.gz", .tar, .gzip), (".tar.bz2", .tar, .bzip2), (".tar.xz", .tar, .xz), (".tar.zst", .tar, .zstd),
        (".tar.lz4", .tar, .lz4), (".tgz", .tar, .gzip), (".tbz2", .tar, .bzip2), (".tbz", .tar, .bzip2),
        (".txz", .tar, .xz), (".tzst", .tar, .zstd), (".tar", .tar, .none), (".zip", .zip, .none),
        (".7z", .sevenZip, .none), (".gz", .raw, .gzip), (".bz2", .raw, .bzip2), (".xz", .raw, .xz),
        (".zst", .raw, .zstd), (".lz4", .raw, .lz4),
    ]

    /// The packing of a file name; nil for a file that is not packed (DOCX, ODT and EPUB are zip
    /// files too, but have their own readers).
    static func forName(_ path: String) -> PackedFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = name.lowercased()
        for (suffix, container, filter) in suffixes where lower.hasSuffix(suffix) && lower.count > suffix.count {
            return PackedFormat(container: container, filter: filter, suffix: suffix)
        }
        return nil
    }

    /// The name of the file a compressed file holds: `notes.md.gz` → `notes.md`.
    func innerName(of path: String) -> String { String(path.dropLast(suffix.count)) }

    /// "gzip", "zip", "tar.xz": for reasons a person reads.
    var label: String {
        switch (container, filter) {
        case (.zip, _): return "zip"
        case (.sevenZip, _): return "7z"
        case (.tar, .none): return "tar"
        case (.tar, _): return "tar." + String(describing: filter)
        case (.raw, _): return String(describing: filter)
        }
    }
}
