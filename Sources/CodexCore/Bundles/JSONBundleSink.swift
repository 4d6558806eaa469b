import Foundation

/// Streams records into one JSON document — the memory export the blueprint asks for:
/// `{"sessions":[{"session":{…},"messages":[…]}],"collections":[{"key":…,"collection":{…},
/// "documents":[…],"chunks":[…]}],"manifest":{…}}`. The manifest comes last, like in archives.
final class JSONBundleSink: BundleSink {
    private let writer: HashingFileWriter
    private let encoder = BundleJSON.encoder()
    private var section = Section.sessions
    private var firstInSection = true
    private var firstInArray = true

    private enum Section { case sessions, collections }

    init(path: String, handle: FileHandle?) throws {
        writer = try handle.map(HashingFileWriter.init(handle:)) ?? HashingFileWriter(URL(fileURLWithPath: path))
        try writer.write("{\"sessions\":[")
    }

    func beginSession(_ session: BundleSession) throws {
        try writer.write(firstInSection ? "\n{\"session\":" : ",\n{\"session\":")
        firstInSection = false
        try writer.write(try encoder.encode(session))
        try writer.write(",\"messages\":[")
        firstInArray = true
    }

    func writeMessage(_ message: BundleMessage) throws { try element(message) }

    func endSession() throws { try writer.write("]}") }

    func beginCollection(key: String, _ collection: BundleCollection) throws {
        try enterCollections()
        try writer.write(firstInSection ? "\n{\"key\":" : ",\n{\"key\":")
        firstInSection = false
        try writer.write(try encoder.encode(key))
        try writer.write(",\"collection\":")
        try writer.write(try encoder.encode(collection))
        try writer.write(",\"documents\":[")
        firstInArray = true
    }

    func writeDocument(_ document: BundleDocument) throws { try element(document) }

    private var inChunks = false

    func writeChunk(_ chunk: BundleChunk) throws {
        if !inChunks { try startChunks() }
        try element(chunk)
    }

    func endCollection() throws {
        if !inChunks { try startChunks() }
        inChunks = false
        try writer.write("]}")
    }

    func finish(_ manifest: BundleManifest) throws -> Int64 {
        try enterCollections()
        try writer.write("],\n\"manifest\":")
        try writer.write(try encoder.encode(manifest))
        try writer.write("}\n")
        _ = try writer.finish()
        return writer.size
    }

    private func startChunks() throws {
        inChunks = true
        try writer.write("],\"chunks\":[")
        firstInArray = true
    }

    private func enterCollections() throws {
        guard section == .sessions else { return }
        section = .collections
        firstInSection = true
        try writer.write("],\n\"collections\":[")
    }

    private func element(_ value: some Encodable) throws {
        try writer.write(firstInArray ? "\n" : ",\n")
        firstInArray = false
        try writer.write(try encoder.encode(value))
    }
}
