import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ModelImporter {
    /// Moves a verified model from the staging area into its folder: blobs first, each stamped
    /// with the current time, then the model manifest by one atomic rename.
    func install(_ model: VerifiedModel, from area: StagingArea, progress: (BundleProgress) -> Void) throws -> Report {
        let bytes = model.blobs.values.reduce(Int64(0)) { $0 + $1.size }
        var report = Report(
            archive: "", kind: model.manifest.kind, name: model.manifest.name, folder: area.root, path: "",
            files: model.manifest.files.count, bytes: bytes, skipped: false, replaced: false, seconds: 0)
        progress(BundleProgress(phase: .installing, done: 0, total: Int(bytes)))
        if let ggufName = model.ggufName, let file = model.blobs["gguf"] {
            let destination = area.root + "/" + ggufName
            report.path = destination
            if try Self.holds(destination, size: file.size, sha256: file.sha256) {
                report.skipped = true
                return report
            }
            report.replaced = FileManager.default.fileExists(atPath: destination)
            try Self.move(file.path, to: destination)
        } else if let (reference, manifestBytes, _) = model.ollama {
            let folder = OllamaModelsFolder(path: area.root)
            let manifestPath = folder.manifestPath(reference)
            report.path = manifestPath
            let existing = FileManager.default.contents(atPath: manifestPath)
            if existing == manifestBytes,
                try model.blobs.allSatisfy({ hex, file in
                    try folder.existingBlobPath(hex: hex).map { try ModelExporter.regularFileSize($0) == file.size }
                        ?? false
                })
            {
                report.skipped = true
                return report
            }
            report.replaced = existing != nil
            try Self.createFolder(folder.path + "/blobs")
            var done: Int64 = 0
            for (hex, file) in model.blobs.sorted(by: { $0.key < $1.key }) {
                try Self.move(file.path, to: folder.blobPath(hex: hex))
                done += file.size
                progress(BundleProgress(phase: .installing, done: Int(done), total: Int(bytes)))
            }
            // Written in the staging area and synced first, so the rename publishes a whole file.
            let staged = area.folder + "/ollama-manifest"
            let writer = try HashingFileWriter(URL(fileURLWithPath: staged))
            try writer.write(manifestBytes)
            _ = try writer.finish(sync: true)
            try Self.createFolder((manifestPath as NSString).deletingLastPathComponent)
            try Self.move(staged, to: manifestPath)
        }
        progress(BundleProgress(phase: .installing, done: Int(bytes), total: Int(bytes)))
        return report
    }

    /// Whether `path` is a regular file of `size` bytes with this SHA-256 (read only when the size matches).
    static func holds(_ path: String, size: Int64, sha256: String) throws -> Bool {
        guard (try? ModelExporter.regularFileSize(path)) == size, let handle = FileHandle(forReadingAtPath: path) else {
            return false
        }
        defer { try? handle.close() }
        let hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return hasher.finalize().hexString == sha256
    }

    /// rename(2): atomic, and replaces what was there; then the current time, which Ollama's
    /// start-up pruning reads.
    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw CodexError.modelArchiveWriteFailed(destination, detail: String(cString: strerror(errno)))
        }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: destination)
    }

    static func createFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw CodexError.modelArchiveWriteFailed(path, detail: "cannot create the folder")
        }
    }
}
