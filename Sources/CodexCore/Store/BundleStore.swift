import Foundation

/// What bundle export and import need from a store: one consistent snapshot to stream a bundle
/// from, and one transaction to write an imported bundle into.
///
/// Coarse on purpose: the snapshot streams rows through closures (no query per row), so the
/// bundle flows (`BundleWriter`, `BundleImporter`) keep their speed whatever the backend.
package protocol BundleStore: Sendable {
    /// Runs `body` against one read snapshot; blocks while it works.
    func reading<T>(_ body: (any BundleSource) throws -> T) throws -> T
    /// Runs `body` in one write transaction: everything it wrote, or nothing if it throws.
    func writing<T>(_ body: (any BundleTarget) throws -> T) throws -> T
}

/// A read snapshot, as bundle export sees it.
package protocol BundleSource {
    /// Which sessions and collections already exist, for the import plan.
    func importState() throws -> ImportPlan.LocalState
    /// Sessions oldest first (creation time, then id), optionally only `ids` or those active since `updatedSince`.
    func sessions(ids: [UUID]?, updatedSince: Date?) throws -> [Session]
    /// Messages per session id (lower-case text).
    func messageCounts() throws -> [String: Int]
    /// Streams a session's messages in `seq` order.
    func forEachMessage(inSession id: UUID, _ body: (BundleMessage) throws -> Void) throws
    func collection(named name: String) throws -> CollectionRecord?
    /// Collections holding a document at one of `paths`, oldest first.
    func collections(holdingAnyOf paths: Set<String>) throws -> [CollectionRecord]
    /// Time the embedder spent on a collection's vectors, in milliseconds.
    func embeddingMilliseconds(ofCollection id: Int64) throws -> Int64?
    func chunkCount(inCollections ids: [Int64]) throws -> Int
    /// Streams a collection's documents in id order.
    func forEachDocument(inCollection id: Int64, _ body: (DocumentRecord) throws -> Void) throws
    /// Streams a collection's chunks in id order with their document's id and their vector as
    /// stored; the chunk's `document` index is left for the caller to fill.
    func forEachChunk(inCollection id: Int64, _ body: (_ documentId: Int64, _ chunk: BundleChunk) throws -> Void) throws
}

/// One write transaction, as bundle import sees it.
package protocol BundleTarget {
    func importState() throws -> ImportPlan.LocalState
    /// Deletes a session with its messages (an import replacing it); with an `owner`, only a
    /// session of that user.
    ///
    /// - Throws: `CodexError.sessionOfAnotherUser` when it belongs to someone else.
    func deleteSession(id: String, owner: Int64?) throws
    /// Inserts a session, owned by `owner` (nil: by nobody).
    func insertSession(_ session: Session, owner: Int64?) throws
    /// Inserts one message; called for every message of a bundle, so implementations reuse one prepared statement.
    func insertMessage(_ message: BundleMessage, session: UUID) throws
    func collection(named name: String) throws -> CollectionRecord?
    func touchCollection(id: Int64, at date: Date) throws
    /// Inserts a collection and returns its new id.
    func insertCollection(_ collection: CollectionRecord) throws -> Int64
    func documentPaths(inCollection id: Int64) throws -> Set<String>
    /// Inserts a document and returns its new id.
    func insertDocument(_ document: DocumentRecord) throws -> Int64
    /// Inserts a chunk (and its vector, codes exactly as given) into `collectionId`.
    func insertChunk(_ chunk: ChunkRecord, vector: BundleChunk.Vector?, collectionId: Int64) throws
    func addEmbeddingTime(milliseconds: Int64, toCollection id: Int64) throws
}
