import Foundation

/// Everything codex keeps, one protocol per concern: the seam between the core and a database.
///
/// The core flows (ingest, retrieval, chat, bundles) take a `CodexStore` and never name a
/// database; `SQLiteStore.open(at:)` builds the embedded one and `PostgresStore.open(url:)` one on
/// a team's server, and `StoreLocation.open` (CodexStores) picks between them by the form of `--store`.
///
/// Every call is coarse (one query, one batch, one document, one snapshot), never one per row,
/// so the hot paths cost the same behind the seam as they did without it.
public struct CodexStore: Sendable {
    /// Named collections and their counts.
    public let collections: any CollectionStore
    /// Documents and their chunks with line spans.
    package let documents: any DocumentStore
    /// BM25 keyword search.
    public let keywords: any KeywordIndex
    /// Quantised vectors, whole matrices at a time.
    public let vectors: any VectorStore
    /// Sessions and their messages.
    public let memory: any MemoryStore
    /// Bundle export and import.
    package let bundles: any BundleStore
    /// The people of a shared server and their hashed tokens.
    public let users: any UserStore
    /// Where the store lives, as people name it in `--store` and error messages.
    public let location: String
    /// Local files that make up the store, which an ingest or a watch of the folder holding
    /// them must leave alone (empty for a store on a server).
    public let files: [String]
    private let closer: @Sendable () throws -> Void

    package init(
        collections: any CollectionStore, documents: any DocumentStore, keywords: any KeywordIndex,
        vectors: any VectorStore, memory: any MemoryStore, bundles: any BundleStore, users: any UserStore, location: String,
        files: [String],
        close: @escaping @Sendable () throws -> Void
    ) {
        self.collections = collections
        self.documents = documents
        self.keywords = keywords
        self.vectors = vectors
        self.memory = memory
        self.bundles = bundles
        self.users = users
        self.location = location
        self.files = files
        self.closer = close
    }

    /// Closes the store's connections (a server shutting down); it must not be used afterwards.
    public func close() throws { try closer() }
}
