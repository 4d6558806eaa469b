import Foundation

extension ModelImporter {
    /// An entry staged on disk, with what was measured while it was written.
    struct StagedFile {
        var path: String
        var sha256: String
        var size: Int64
    }

    /// An archive whose every byte has been checked; its files wait in the staging area.
    struct VerifiedModel {
        var manifest: ModelArchiveManifest
        /// For an Ollama model: its name and manifest, exactly as they travelled.
        var ollama: (reference: ModelReference, bytes: Data, manifest: OllamaManifest)?
        /// Blob hex → staged file (Ollama); "gguf" → the staged GGUF file.
        var blobs: [String: StagedFile]
        var ggufName: String?
    }

    /// Reads the archive once, staging every entry and checking it on the way, then checks the
    /// whole against `codex-model.json`. `stagingFor` is asked for a staging area once the first
    /// entry says what kind of model this is.
    func verify(
        _ path: String, archiveSize: Int64, progress: (BundleProgress) -> Void,
        stagingFor: (ModelArchiveManifest.Kind) throws -> StagingArea
    ) throws -> VerifiedModel {
        let input = try ArchiveInput(path: path, packing: .plainTar)
        var staging: StagingArea?
        var kind: ModelArchiveManifest.Kind?
        var seen = Set<String>()
        var staged: [String: StagedFile] = [:]
        var small: [String: Data] = [:]
        var manifestData: Data?
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var lastReport: Int64 = 0
        while let entry = try input.nextEntry() {
            guard manifestData == nil else {
                throw CodexError.unsafeModelArchiveEntry(entry.path, "it comes after \(ModelArchiveManifest.path)")
            }
            guard seen.count < limits.maxEntries else {
                throw CodexError.invalidModelArchive("it holds more than \(limits.maxEntries) entries")
            }
            if let reason = entry.problem(maxBytes: .max, in: "archive") {
                throw CodexError.unsafeModelArchiveEntry(entry.path, reason)
            }
            // An uncompressed tar cannot hold an entry larger than itself: the file was cut short.
            if let size = entry.size, size > archiveSize {
                throw CodexError.corruptBundle(
                    path, detail: "\(entry.path) should hold \(size) bytes, more than the whole file")
            }
            guard seen.insert(entry.path).inserted else {
                throw CodexError.unsafeModelArchiveEntry(entry.path, "it appears twice")
            }
            guard let name = ModelArchivePath(entry.path) else {
                throw CodexError.unsafeModelArchiveEntry(entry.path, "it is not part of a codex model archive")
            }
            if let entryKind = name.kind {
                guard kind == nil || kind == entryKind else {
                    throw CodexError.unsafeModelArchiveEntry(entry.path, "it mixes Ollama and GGUF entries")
                }
                if kind == nil {
                    kind = entryKind
                    staging = try stagingFor(entryKind)
                }
            }
            let isSmall: Bool
            switch name {
            case .manifest, .ollamaManifest: isSmall = true
            case .blob, .gguf: isSmall = false
            }
            let limit = isSmall ? Int64(limits.maxManifestBytes) : archiveSize
            let target = staging?.file(seen.count)
            let writer = try isSmall ? nil : target.map { try HashingFileWriter(URL(fileURLWithPath: $0)) }
            var bytes = Data()
            var size: Int64 = 0
            while true {
                let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
                if count == 0 { break }
                size += Int64(count)
                guard size <= limit else {
                    throw CodexError.unsafeModelArchiveEntry(entry.path, "it is larger than the \(limit)-byte limit")
                }
                let chunk = Data(buffer[0..<count])
                if let writer { try writer.write(chunk) } else { bytes.append(chunk) }
                if input.compressedBytesRead - lastReport >= 16 << 20 {
                    lastReport = input.compressedBytesRead
                    progress(BundleProgress(phase: .verifying, done: Int(lastReport), total: Int(archiveSize)))
                }
            }
            guard entry.size == nil || entry.size == size else {
                throw CodexError.unsafeModelArchiveEntry(entry.path, "it is shorter or longer than its header says")
            }
            if let writer, let target {
                staged[entry.path] = StagedFile(path: target, sha256: try writer.finish(sync: true), size: size)
            } else if name == .manifest {
                manifestData = bytes
            } else {
                small[entry.path] = bytes
            }
        }
        progress(BundleProgress(phase: .verifying, done: Int(archiveSize), total: Int(archiveSize)))
        guard let manifestData else { throw CodexError.invalidModelArchive("it has no \(ModelArchiveManifest.path)") }
        return try check(ModelArchiveManifest.decode(manifestData), staged: staged, small: small, kind: kind)
    }

    /// Matches what was staged against the manifest, and an Ollama manifest against its blobs.
    private func check(
        _ manifest: ModelArchiveManifest, staged: [String: StagedFile], small: [String: Data],
        kind: ModelArchiveManifest.Kind?
    ) throws -> VerifiedModel {
        guard kind == manifest.kind else {
            throw CodexError.invalidModelArchive(
                "its entries do not hold the \(manifest.kind.rawValue) model its manifest announces")
        }
        var listed = Set<String>()
        for file in manifest.files {
            guard listed.insert(file.path).inserted else {
                throw CodexError.invalidModelArchive("the manifest lists \(file.path) twice")
            }
            let measured =
                staged[file.path].map { ($0.sha256, $0.size) }
                ?? small[file.path].map { (SHA256.hash(data: $0).hexString, Int64($0.count)) }
            guard let (sha256, size) = measured else {
                throw CodexError.invalidModelArchive("the manifest lists \(file.path), which the archive lacks")
            }
            guard size == file.size, sha256 == file.sha256.lowercased() else {
                throw CodexError.invalidModelArchive("\(file.path) does not match its SHA-256 and size in the manifest")
            }
        }
        if let unlisted = (Array(staged.keys) + Array(small.keys)).sorted().first(where: { !listed.contains($0) }) {
            throw CodexError.unsafeModelArchiveEntry(unlisted, "it is not listed in the manifest")
        }
        var blobs: [String: StagedFile] = [:]
        for (path, file) in staged {
            if case .blob(let hex) = ModelArchivePath(path) {
                // The name is the digest: content-addressed storage must hold what its name says.
                guard file.sha256 == hex else {
                    throw CodexError.invalidModelArchive("\(path) does not hold the blob its name gives")
                }
                blobs[hex] = file
            }
        }
        switch manifest.kind {
        case .gguf:
            guard staged.count == 1, let (path, file) = staged.first, case .gguf(let name) = ModelArchivePath(path),
                name == manifest.name
            else {
                throw CodexError.invalidModelArchive("a GGUF archive holds exactly the one file its manifest names")
            }
            let head = FileHandle(forReadingAtPath: file.path).flatMap { try? $0.read(upToCount: 4) }
            guard head == Data("GGUF".utf8) else { throw CodexError.invalidModelArchive("\(path) is not a GGUF file") }
            return VerifiedModel(manifest: manifest, ollama: nil, blobs: ["gguf": file], ggufName: name)
        case .ollama:
            guard small.count == 1, let (path, bytes) = small.first,
                case .ollamaManifest(let reference) = ModelArchivePath(path),
                reference.description == manifest.name
            else {
                throw CodexError.invalidModelArchive(
                    "an Ollama archive holds exactly one model manifest, the one it names")
            }
            let ollama: OllamaManifest
            do { ollama = try OllamaManifest.parse(bytes) } catch {
                throw CodexError.invalidModelArchive("\(path) is unusable: \(error.reason)")
            }
            var needed = Set<String>()
            for layer in ollama.blobs {
                guard let hex = layer.sha256, let blob = blobs[hex] else {
                    throw CodexError.invalidModelArchive(
                        "the model needs the blob \(layer.digest), which the archive lacks")
                }
                guard blob.size == layer.size else {
                    throw CodexError.invalidModelArchive("the blob \(layer.digest) is not the size its manifest gives")
                }
                needed.insert(hex)
            }
            if let extra = blobs.keys.sorted().first(where: { !needed.contains($0) }) {
                throw CodexError.unsafeModelArchiveEntry(
                    "blobs/sha256-" + extra, "the model's manifest does not use it")
            }
            return VerifiedModel(manifest: manifest, ollama: (reference, bytes, ollama), blobs: blobs, ggufName: nil)
        }
    }
}
