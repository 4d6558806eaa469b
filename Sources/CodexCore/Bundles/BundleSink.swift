import Foundation

/// Where an export streams its records, in this order: sessions (each followed by its messages),
/// then collections (documents, then chunks), then the manifest.
protocol BundleSink {
    func beginSession(_ session: BundleSession) throws
    func writeMessage(_ message: BundleMessage) throws
    func endSession() throws
    func beginCollection(key: String, _ collection: BundleCollection) throws
    func writeDocument(_ document: BundleDocument) throws
    func writeChunk(_ chunk: BundleChunk) throws
    func endCollection() throws
    /// Writes the manifest (the archive sink fills in `files`) and closes the output; returns the bytes written.
    func finish(_ manifest: BundleManifest) throws -> Int64
}
