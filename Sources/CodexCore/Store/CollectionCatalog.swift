import Foundation

/// What is indexed: collections with their counts, for `codex docs` and the server's `/docs`.
public struct CollectionCatalog: Sendable {
    let collections: any CollectionStore
    let location: String

    public init(store: CodexStore) {
        self.collections = store.collections
        self.location = store.location
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var name: String
        public var documents: Int
        public var chunks: Int
        public var vectors: Int
        /// Total size of the source files, in bytes.
        public var bytes: Int64
        public var embedder: String?
        public var dimension: Int?
        public var updatedAt: Date
        /// The user whose private collection this is (nil: shared).
        public var ownerId: Int64?

        package init(
            name: String, documents: Int, chunks: Int, vectors: Int, bytes: Int64, embedder: String?, dimension: Int?,
            updatedAt: Date, ownerId: Int64? = nil
        ) {
            self.name = name
            self.documents = documents
            self.chunks = chunks
            self.vectors = vectors
            self.bytes = bytes
            self.embedder = embedder
            self.dimension = dimension
            self.updatedAt = updatedAt
            self.ownerId = ownerId
        }
    }

    public struct Stats: Sendable, Codable, Equatable {
        public var collections: [Summary]
        /// Documents per extractor kind ("markdown": 12, "pdf": 3).
        public var kinds: [String: Int]
        /// Size of the store on disk (for SQLite the file with its write-ahead log), in bytes.
        public var storeBytes: Int64
        public var storePath: String
    }

    public func list() async throws -> [Summary] {
        try await collections.summaries(only: nil)
    }

    public func stats(collection: String? = nil) async throws -> Stats {
        if let collection, try await collections.named(collection) == nil {
            throw CodexError.collectionNotFound(collection)
        }
        return Stats(
            collections: try await collections.summaries(only: collection),
            kinds: try await collections.documentKinds(in: collection), storeBytes: try await collections.storeBytes(),
            storePath: location)
    }

    /// Deletes a collection and everything indexed in it (the files themselves are untouched).
    @discardableResult
    public func remove(_ name: String) async throws -> Summary {
        try await collections.remove(name)
    }
}
