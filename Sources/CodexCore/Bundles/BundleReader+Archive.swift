import Foundation

extension BundleReader {
    private struct StagedEntry {
        var url: URL
        var sha256: String
        var size: Int64
    }

    /// Streams every entry out of the archive into a private staging folder, checking each header
    /// and the running sizes and ratio, then matches the result against the manifest.
    func verifyArchive(_ url: URL, format: BundleFormat, progress: (BundleProgress) -> Void) throws -> VerifiedBundle {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("codex-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            let (manifestData, staged) = try stage(url, format: format, into: staging, progress: progress)
            return try assemble(manifestData, staged, format: format, staging: staging)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    private func stage(
        _ url: URL, format: BundleFormat, into staging: URL, progress: (BundleProgress) -> Void
    ) throws -> (Data, [String: StagedEntry]) {
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        let input = try ArchiveInput(path: url.path, format: format)
        var staged: [String: StagedEntry] = [:]
        var seen = Set<String>()
        var manifestData: Data?
        var totalBytes: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        while let entry = try input.nextEntry() {
            guard seen.count < limits.maxEntries else {
                throw CodexError.bundleTooLarge("it holds more than \(limits.maxEntries) entries")
            }
            try check(entry, limits: limits)
            guard seen.insert(entry.path).inserted else {
                throw CodexError.unsafeBundleEntry(entry.path, "it appears twice")
            }
            guard let kind = BundlePath(entry.path) else {
                throw CodexError.unsafeBundleEntry(entry.path, "it is not part of a codex bundle")
            }
            let isManifest = kind == .manifest
            let entryLimit = isManifest ? Int64(limits.maxManifestBytes) : limits.maxEntryBytes
            let target = staging.appendingPathComponent("entry-\(seen.count)")
            let writer = isManifest ? nil : try HashingFileWriter(target)
            var manifestBytes = Data()
            var entryBytes: Int64 = 0
            while true {
                let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
                if count == 0 { break }
                entryBytes += Int64(count)
                totalBytes += Int64(count)
                guard entryBytes <= entryLimit else {
                    throw CodexError.unsafeBundleEntry(entry.path, "it is larger than the \(entryLimit)-byte limit")
                }
                guard totalBytes <= limits.maxTotalBytes else {
                    throw CodexError.bundleTooLarge("it expands to more than \(limits.maxTotalBytes) bytes")
                }
                let compressed = max(input.compressedBytesRead, 1)
                if totalBytes > limits.ratioFloorBytes,
                    Double(totalBytes) / Double(compressed) > limits.maxCompressionRatio
                {
                    throw CodexError.bundleTooLarge(
                        "it expands more than \(Int(limits.maxCompressionRatio)) times (a decompression bomb)")
                }
                let chunk = Data(buffer[0..<count])
                if let writer { try writer.write(chunk) } else { manifestBytes.append(chunk) }
            }
            if let writer {
                staged[entry.path] = StagedEntry(url: target, sha256: try writer.finish(), size: writer.size)
            } else {
                manifestData = manifestBytes
            }
            progress(BundleProgress(phase: .verifying, done: Int(input.compressedBytesRead), total: fileSize))
        }
        guard let manifestData else { throw CodexError.invalidBundle("it has no manifest.json") }
        return (manifestData, staged)
    }

    private func assemble(
        _ manifestData: Data, _ staged: [String: StagedEntry], format: BundleFormat, staging: URL
    ) throws -> VerifiedBundle {
        let manifest = try Self.decodeManifest(manifestData)
        var listed = Set<String>()
        for file in manifest.files {
            guard listed.insert(file.path).inserted else {
                throw CodexError.invalidBundle("the manifest lists \(file.path) twice")
            }
            guard let entry = staged[file.path] else {
                throw CodexError.invalidBundle("the manifest lists \(file.path), which the bundle lacks")
            }
            guard entry.size == file.size, entry.sha256 == file.sha256.lowercased() else {
                throw CodexError.invalidBundle("\(file.path) does not match its SHA-256 and size in the manifest")
            }
        }
        if let unlisted = staged.keys.sorted().first(where: { !listed.contains($0) }) {
            throw CodexError.unsafeBundleEntry(unlisted, "it is not listed in the manifest")
        }
        let sessionIds = manifest.sessions.map(\.id)
        guard Set(sessionIds).count == sessionIds.count else {
            throw CodexError.invalidBundle("a session is listed twice")
        }
        for path in staged.keys {
            switch BundlePath(path) {
            case .session(let id), .messages(let id):
                guard sessionIds.contains(id) else {
                    throw CodexError.invalidBundle("\(path) belongs to a session the manifest does not list")
                }
            case .collection(let key), .documents(let key), .chunks(let key):
                guard manifest.collections.contains(where: { $0.key == key }) else {
                    throw CodexError.invalidBundle("\(path) belongs to a collection the manifest does not list")
                }
            case .manifest, nil: break
            }
        }
        func file(_ path: String) throws -> StagedEntry {
            guard let entry = staged[path] else { throw CodexError.invalidBundle("it lacks \(path)") }
            return entry
        }
        let decoder = BundleJSON.decoder()
        func decodeWhole<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
            let entry = try file(path)
            guard entry.size <= limits.maxLineBytes else {
                throw CodexError.bundleTooLarge("\(path) is larger than the \(limits.maxLineBytes)-byte limit")
            }
            let data = try Data(contentsOf: entry.url)
            guard String(validating: data, as: UTF8.self) != nil else {
                throw CodexError.invalidBundle("\(path) is not valid UTF-8")
            }
            do { return try decoder.decode(type, from: data) } catch {
                throw CodexError.invalidBundle("\(path) is not a valid record")
            }
        }
        var sessions: [VerifiedBundle.StagedSession] = []
        for listed in manifest.sessions {
            let session = try decodeWhole(BundleSession.self, "sessions/\(listed.id)/session.json")
            guard session.id == listed.id else {
                throw CodexError.invalidBundle("sessions/\(listed.id)/session.json holds another session's id")
            }
            let messagesPath = "sessions/\(listed.id)/messages.jsonl"
            sessions.append(
                .init(
                    session: session, messages: .file(try file(messagesPath).url, name: messagesPath),
                    messageCount: listed.messages))
        }
        var collections: [VerifiedBundle.StagedCollection] = []
        for entry in manifest.collections {
            let base = "collections/\(entry.key)/"
            collections.append(
                .init(
                    entry: entry, collection: try decodeWhole(BundleCollection.self, base + "collection.json"),
                    documents: .file(try file(base + "documents.jsonl").url, name: base + "documents.jsonl"),
                    chunks: .file(try file(base + "chunks.jsonl").url, name: base + "chunks.jsonl")))
        }
        return VerifiedBundle(
            format: format, manifest: manifest, sessions: sessions, collections: collections, limits: limits,
            staging: staging)
    }
}
