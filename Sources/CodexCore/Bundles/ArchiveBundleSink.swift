import Foundation

/// Streams records into an archive. Each entry is staged in a temporary file while its SHA-256 is
/// computed, then copied in; `manifest.json` goes last, once every hash is known.
///
/// Why staging: tar and zip headers carry the entry's size before its bytes, and a 100k-message
/// `messages.jsonl` is only known once written. Staging one entry at a time keeps memory flat and
/// the temporary disk use to the largest entry.
final class ArchiveBundleSink: BundleSink {
    private let output: ArchiveOutput
    private let staging: URL
    private let encoder = BundleJSON.encoder()
    private var files: [BundleManifest.FileEntry] = []
    private var open: (name: String, writer: HashingFileWriter)?
    private var sessionId = ""
    private var collectionKey = ""
    private var sawChunk = false
    private var counter = 0

    init(path: String, handle: FileHandle?, format: BundleFormat, staging: URL, createdAt: Date) throws {
        output = try ArchiveOutput(path: path, handle: handle, format: format, modificationTime: createdAt)
        self.staging = staging
    }

    func beginSession(_ session: BundleSession) throws {
        sessionId = session.id
        try writeWhole("sessions/\(session.id)/session.json", session)
        try openEntry("sessions/\(session.id)/messages.jsonl")
    }

    func writeMessage(_ message: BundleMessage) throws { try writeLine(message) }

    func endSession() throws { try closeEntry() }

    func beginCollection(key: String, _ collection: BundleCollection) throws {
        collectionKey = key
        sawChunk = false
        try writeWhole("collections/\(key)/collection.json", collection)
        try openEntry("collections/\(key)/documents.jsonl")
    }

    func writeDocument(_ document: BundleDocument) throws { try writeLine(document) }

    func writeChunk(_ chunk: BundleChunk) throws {
        if !sawChunk { try switchToChunks() }
        try writeLine(chunk)
    }

    func endCollection() throws {
        if !sawChunk { try switchToChunks() }
        try closeEntry()
    }

    func finish(_ manifest: BundleManifest) throws -> Int64 {
        var manifest = manifest
        manifest.files = files
        let data = try encoder.encode(manifest)
        let url = staging.appendingPathComponent("manifest")
        try data.write(to: url)
        try output.add(BundleManifest.path, from: url, size: Int64(data.count))
        try? FileManager.default.removeItem(at: url)
        return try output.close()
    }

    private func switchToChunks() throws {
        sawChunk = true
        try closeEntry()
        try openEntry("collections/\(collectionKey)/chunks.jsonl")
    }

    private func writeWhole(_ name: String, _ value: some Encodable) throws {
        try openEntry(name)
        try open?.writer.write(try encoder.encode(value))
        try closeEntry()
    }

    private func writeLine(_ value: some Encodable) throws {
        guard let writer = open?.writer else { throw CodexError.internal("bundle record written outside an entry") }
        var line = try encoder.encode(value)
        line.append(0x0A)
        try writer.write(line)
    }

    private func openEntry(_ name: String) throws {
        counter += 1
        open = (name, try HashingFileWriter(staging.appendingPathComponent("entry-\(counter)")))
    }

    private func closeEntry() throws {
        guard let (name, writer) = open else { return }
        open = nil
        let sha256 = try writer.finish()
        try output.add(name, from: writer.url, size: writer.size)
        try? FileManager.default.removeItem(at: writer.url)
        files.append(BundleManifest.FileEntry(path: name, sha256: sha256, size: writer.size))
    }
}
