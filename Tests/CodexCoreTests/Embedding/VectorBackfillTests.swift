import Foundation
import GRDB
import Testing

@testable import CodexCore

struct VectorBackfillTests {
    private func vectorCount(_ database: CodexDatabase) throws -> Int {
        try database.readSync { try Int.fetchOne($0, sql: "SELECT count(*) FROM vector") ?? 0 }
    }

    private func manyChunks() throws -> CodexDatabase {
        let chunks = (0..<10).map { (startLine: $0 * 3 + 1, heading: "Part \($0)", text: "chunk number \($0) of ten") }
        return try StoreFixture.database([StoreFixture.Doc(path: "/docs/long.md", chunks: chunks)])
    }

    @Test func anInterruptedBackfillResumesWhereItStopped() async throws {
        // Given ten chunks and an embedding run interrupted after its first batch of four
        let database = try manyChunks()
        let interrupted = VectorBackfill(
            database: database, embedder: WordHashEmbedder(failAfterCalls: 1), batchSize: 4)
        await #expect(throws: CancellationError.self) { try await interrupted.run(collection: "default") }
        #expect(try vectorCount(database) == 4)

        // When the next run starts
        let embedder = WordHashEmbedder()
        let resumed = try await VectorBackfill(database: database, embedder: embedder, batchSize: 4)
            .run(collection: "default")

        // Then it embeds only the six that were missing, and every chunk has its vector
        #expect(resumed == 6)
        #expect(embedder.callCount == 2)
        #expect(try vectorCount(database) == 10)
        #expect(try await VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database))
    }

    @Test func aCollectionEmbeddedWithOneModelRefusesAnother() async throws {
        let database = try manyChunks()
        try await VectorBackfill(database: database, embedder: WordHashEmbedder()).run(collection: "default")
        let other = WordHashEmbedder(name: "test:other", dimension: 64)
        await #expect(throws: CodexError.self) {
            try await VectorBackfill(database: database, embedder: other).run(collection: "default")
        }
        // The refusal writes nothing: the collection keeps the first model's vectors only.
        #expect(try vectorCount(database) == 10)
        #expect(try await !VectorBackfill.isComplete(collection: "default", for: other.identity, in: database))
    }

    @Test func completeOnlyWhenEveryChunkHasThisEmbeddersVector() async throws {
        let database = try manyChunks()
        let embedder = WordHashEmbedder()
        #expect(try await !VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database))
        try await VectorBackfill(database: database, embedder: embedder).run(collection: "default")
        #expect(try await VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database))
        // A chunk added later (a re-ingest) makes the collection incomplete again.
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO chunk (document_id, ordinal, start_line, end_line, heading, text, token_count)
                    SELECT id, 99, 100, 100, '', 'a late chunk', 3 FROM document
                    """)
        }
        #expect(try await !VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database))
        #expect(try await !VectorBackfill.isComplete(collection: "missing", for: embedder.identity, in: database))
    }
}
