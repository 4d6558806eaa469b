import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the file system says about a file, enough to tell whether it changed since the last ingest.
///
/// Size and modification time (in nanoseconds) are cheap to read for thousands of files; the
/// content hash is only computed when they differ from what the store remembers.
public struct FileFacts: Codable, Sendable, Hashable {
    /// Absolute, standardized path.
    public var path: String
    public var size: Int64
    /// Nanoseconds since 1970.
    public var mtimeNs: Int64

    public init(path: String, size: Int64, mtimeNs: Int64) {
        self.path = path
        self.size = size
        self.mtimeNs = mtimeNs
    }
}

/// The kind of an entry as `lstat` (or `stat` when following links) reports it.
enum FileEntryType: Sendable {
    case regular, directory, symlink, other
}

/// A `stat` call, wrapped so callers see Swift values.
struct FileStatus: Sendable {
    var type: FileEntryType
    var size: Int64
    var mtimeNs: Int64

    /// `lstat` (links not followed) or `stat`; nil when the entry cannot be read.
    static func of(_ path: String, followingLinks: Bool = false) -> FileStatus? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        let type: FileEntryType
        switch info.st_mode & S_IFMT {
        case S_IFREG: type = .regular
        case S_IFDIR: type = .directory
        case S_IFLNK: type = .symlink
        default: type = .other
        }
        #if canImport(Darwin)
            let seconds = Int64(info.st_mtimespec.tv_sec)
            let nanos = Int64(info.st_mtimespec.tv_nsec)
        #else
            let seconds = Int64(info.st_mtim.tv_sec)
            let nanos = Int64(info.st_mtim.tv_nsec)
        #endif
        return FileStatus(type: type, size: Int64(info.st_size), mtimeNs: seconds &* 1_000_000_000 &+ nanos)
    }
}

extension FileFacts {
    /// The absolute, standardized form of `path` (relative to the current directory); symlinks are kept.
    public static func standardize(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        var standardized = url.standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        return standardized
    }
}
