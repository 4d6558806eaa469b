/// Stored documents and their chunks (with line spans), as ingest and retrieval need them.
///
/// Writes are synchronous: ingest calls them from its own writing thread, one transaction per
/// group of documents, never from the cooperative pool.
///
/// `package`, like `BundleStore`, because it speaks the ingest pipeline's own types
/// (`PreparedItem`): backends are targets of this package (`CodexSQLite`), not outside code.
package protocol DocumentStore: Sendable {
    /// The chunks with these ids as passages (score 0), in no particular order; unknown ids are left out.
    func passages(_ chunkIds: [Int64]) async throws -> [Passage]
    /// What the store holds for files at or under `roots` in a collection, by path: the ingest
    /// plan's view of the store. Members of stored archives are left out (they come and go with
    /// their archive; the plan compares files on disk only).
    func storedDocuments(inCollection id: Int64, under roots: [String]) throws -> [String: StoredDocumentFacts]
    /// Writes a group of prepared items in one transaction, document rows first, then all their
    /// chunks in a few large statements: each document is stored whole or not at all.
    func apply(_ items: [PreparedItem], inCollection id: Int64) throws
    /// Removes documents, with their chunks, vectors and archive members, in one transaction.
    func remove(documents ids: [Int64], inCollection id: Int64) throws
    /// Tunes the store for the long run of writes of an ingest (`true`), and back (`false`).
    func prepareForBulkWrites(_ bulk: Bool) throws
    /// Takes the ingest lock of `collection`, or throws `CodexError.storeLocked`: two ingests
    /// into one collection would otherwise each remove what the other just added. The lock is
    /// held until the returned value is released; nil when the store needs none (in memory).
    /// SQLite locks the whole file and refuses at once (one process writes it at a time);
    /// PostgreSQL locks the collection and waits its turn (a team server's uploads queue).
    func lockForIngest(collection: String) throws -> (any Sendable)?
}
