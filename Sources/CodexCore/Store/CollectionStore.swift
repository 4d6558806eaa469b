/// Collections: named sets of documents searched together, with their counts.
public protocol CollectionStore: Sendable {
    /// The collection named `name`, or nil.
    func named(_ name: String) async throws -> CollectionRecord?
    /// The collection named `name`, created when missing (and then only with a valid name).
    /// Synchronous: ingest calls it from its writing thread.
    func findOrCreate(named name: String) throws -> CollectionRecord
    /// Makes the collection `name` (created when missing) private to `owner`.
    ///
    /// - Throws: `CodexError.collectionIsShared` when it already holds documents for everyone,
    ///   `.collectionNotFound` when it is another user's.
    func makePrivate(_ name: String, to owner: Int64) async throws
    /// Every collection (or only `name`) with its counts, by name.
    func summaries(only name: String?) async throws -> [CollectionCatalog.Summary]
    /// Documents per extractor kind ("markdown": 12), in one collection or all.
    func documentKinds(in collection: String?) async throws -> [String: Int]
    /// Size of the store on disk in bytes (for SQLite the file with its write-ahead log).
    func storeBytes() async throws -> Int64
    /// Deletes a collection with everything indexed in it; returns what it held.
    ///
    /// - Throws: `CodexError.collectionNotFound`.
    func remove(_ name: String) async throws -> CollectionCatalog.Summary
    /// Chunks in a collection, or in all of them when `name` is nil; nil when the named collection does not exist.
    func chunkCount(in name: String?) async throws -> Int?
    /// Per collection, the lexically first and last document paths (a folder common to all its
    /// documents is their common prefix).
    func pathBounds() async throws -> [(first: String, last: String)]
    /// The embedders that made the vectors of a collection, or of all of them when `name` is nil.
    /// Synchronous: it picks the query embedder before a search starts.
    func embedders(of name: String?) throws -> [EmbedderIdentity]
}
