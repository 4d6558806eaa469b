import Foundation

/// Writes a model to an uncompressed pax tar that `ModelImporter` verifies on the other side of
/// an air gap: an Ollama model (its manifest and every blob it names) or one GGUF file.
///
/// Every blob is hashed while it is written, so a blob that does not match its digest in the
/// Ollama folder is caught here, not on the other machine. The archive is written to
/// `FILE.partial` and renamed at the end; `codex-model.json`, with the SHA-256 and size of every
/// other entry, is its last entry.
/// - Important: blocks while it works (gigabytes); call it off the cooperative pool in servers.
public struct ModelExporter: Sendable {
    public enum Source: Sendable, Equatable {
        case ollama(ModelReference, OllamaModelsFolder)
        case gguf(path: String)
    }

    /// What an export wrote.
    public struct Summary: Sendable, Codable, Equatable {
        public var path: String
        public var kind: ModelArchiveManifest.Kind
        public var name: String
        public var files: Int
        /// Bytes of model files (blobs, GGUF) written.
        public var modelBytes: Int64
        /// Size of the archive.
        public var bytes: Int64
        public var seconds: Double
    }

    let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    public func export(
        _ source: Source, to url: URL, progress: (BundleProgress) -> Void = { _ in }
    ) throws -> Summary {
        let started = ContinuousClock.now
        let plan = try plan(source)
        let partial = url.path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let output = try ArchiveOutput(plainTarAt: partial, modificationTime: now())
            let total = plan.files.reduce(Int64(0)) { $0 + $1.size }
            var done: Int64 = 0
            var entries: [BundleManifest.FileEntry] = []
            for file in plan.files {
                let hasher = SHA256()
                var lastReport = done
                try output.add(file.name, from: URL(fileURLWithPath: file.path), size: file.size) { block in
                    hasher.update(data: block)
                    done += Int64(block.count)
                    if done - lastReport >= 16 << 20 {
                        lastReport = done
                        progress(BundleProgress(phase: .exportingModel, done: Int(done), total: Int(total)))
                    }
                }
                let digest = hasher.finalize().hexString
                if let expected = file.sha256, expected != digest {
                    throw CodexError.damagedOllamaModel(
                        plan.name, "the blob \(file.path) does not match its digest (it is damaged)")
                }
                entries.append(.init(path: file.name, sha256: digest, size: file.size))
            }
            progress(BundleProgress(phase: .exportingModel, done: Int(done), total: Int(total)))
            let manifest = ModelArchiveManifest(kind: plan.kind, name: plan.name, createdAt: now(), files: entries)
            let staging = FileManager.default.temporaryDirectory.appendingPathComponent(
                "codex-model-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: staging) }
            let data = try BundleJSON.encoder().encode(manifest)
            try data.write(to: staging)
            try output.add(ModelArchiveManifest.path, from: staging, size: Int64(data.count))
            let bytes = try output.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(atPath: partial, toPath: url.path)
            let elapsed = ContinuousClock.now - started
            return Summary(
                path: url.path, kind: plan.kind, name: plan.name, files: entries.count, modelBytes: total, bytes: bytes,
                seconds: elapsed.inSeconds)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if let error = error as? CodexError { throw error }
            throw CodexError.modelArchiveWriteFailed(url.path, detail: "\(error)")
        }
    }

    /// One file to put in the archive: where it is, its name there, its size, and the digest it
    /// must have (Ollama blobs).
    struct PlannedFile {
        var path: String
        var name: String
        var size: Int64
        var sha256: String?
    }

    struct Plan {
        var kind: ModelArchiveManifest.Kind
        var name: String
        var files: [PlannedFile]
    }

    /// Everything to write, checked before the archive is opened: the manifest parses, every blob
    /// exists with the size the manifest gives.
    func plan(_ source: Source) throws -> Plan {
        switch source {
        case .gguf(let path):
            guard let size = try Self.regularFileSize(path) else {
                throw CodexError.notFound("no file \(path)", hint: "check the path of the .gguf file")
            }
            let head = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 4) }
            guard head == Data("GGUF".utf8) else { throw CodexError.notAGGUFFile(path) }
            let name = URL(fileURLWithPath: path).lastPathComponent
            guard ModelArchivePath.isGGUFName(name) else {
                throw CodexError.invalidInput(
                    "the file name \(name) cannot travel in a model archive",
                    hint: "rename it to letters, digits, '.', '_' and '-' only, ending in .gguf")
            }
            return Plan(kind: .gguf, name: name, files: [PlannedFile(path: path, name: "gguf/" + name, size: size)])
        case .ollama(let reference, let folder):
            let manifestPath = folder.manifestPath(reference)
            guard let data = FileManager.default.contents(atPath: manifestPath) else {
                throw CodexError.ollamaModelNotFound(reference.description, folder: folder.path)
            }
            let manifest: OllamaManifest
            do { manifest = try OllamaManifest.parse(data) } catch {
                throw CodexError.damagedOllamaModel(reference.description, "its manifest is unusable: \(error.reason)")
            }
            var files: [PlannedFile] = []
            for blob in manifest.blobs {
                guard let hex = blob.sha256, let path = folder.existingBlobPath(hex: hex) else {
                    throw CodexError.damagedOllamaModel(reference.description, "the blob \(blob.digest) is missing")
                }
                guard try Self.regularFileSize(path) == blob.size else {
                    throw CodexError.damagedOllamaModel(
                        reference.description, "the blob \(blob.digest) is not the \(blob.size) bytes its manifest says"
                    )
                }
                files.append(PlannedFile(path: path, name: "blobs/sha256-" + hex, size: blob.size, sha256: hex))
            }
            // The manifest after its blobs: an archive cut short never holds a manifest without them.
            files.append(
                PlannedFile(
                    path: manifestPath, name: reference.manifestPath, size: Int64(data.count),
                    sha256: SHA256.hash(data: data).hexString))
            return Plan(kind: .ollama, name: reference.description, files: files)
        }
    }

    /// The size of a regular file (symlinks followed: `~/.ollama` is often a link); nil when absent.
    static func regularFileSize(_ path: String) throws -> Int64? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else { return nil }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw CodexError.invalidInput("\(path) is not a regular file", hint: "pass a model file")
        }
        return (attributes[.size] as? NSNumber)?.int64Value
    }
}
