import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private folder inside a models folder where archive entries wait until the whole archive is
/// verified. Being on the same file system as their destination, they are installed by rename.
///
/// Used by one import on one thread; never shared.
final class StagingArea {
    /// The models folder.
    let root: String
    let folder: String
    /// The first folder created on the way to `root` (nil when `root` existed): removed again when
    /// the import fails, so a refused archive leaves no trace.
    private let createdAncestor: String?

    /// - Throws: `CodexError.notEnoughSpace` when the file system holding `root` has less than
    ///   `bytes` free: better said now than after copying most of a model.
    init(root: String, needing bytes: Int64) throws {
        let manager = FileManager.default
        var existing = URL(fileURLWithPath: root).standardized
        var missing: URL?
        while !manager.fileExists(atPath: existing.path), existing.path != "/" {
            missing = existing
            existing = existing.deletingLastPathComponent()
        }
        var stats = statvfs()
        if statvfs(existing.path, &stats) == 0 {
            let available = Int64(stats.f_bavail) * Int64(stats.f_frsize)
            guard available >= bytes else { throw CodexError.notEnoughSpace(root, needed: bytes, available: available) }
        }
        self.root = URL(fileURLWithPath: root).standardized.path
        folder = self.root + "/.codex-import-" + UUID().lowercasedString
        do {
            try manager.createDirectory(atPath: self.root, withIntermediateDirectories: true)
            try manager.createDirectory(
                atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            if let missing { try? manager.removeItem(at: missing) }
            throw CodexError.modelArchiveWriteFailed(root, detail: "cannot create the folder")
        }
        createdAncestor = missing?.path
    }

    func file(_ number: Int) -> String { folder + "/entry-\(number)" }

    /// Removes the staging folder, and with `keepingRoot` false every folder this import created.
    func finish(keepingRoot: Bool) {
        try? FileManager.default.removeItem(atPath: folder)
        if !keepingRoot, let createdAncestor { try? FileManager.default.removeItem(atPath: createdAncestor) }
    }
}
