import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// `codex ask` while another process is still embedding says how far meaning search reaches.
struct PartialVectorsNoticeTests {
    func notices(_ database: CodexDatabase, embedder: WordHashEmbedder, mode: HybridRetriever.Mode = .hybrid)
        async throws -> [String]
    {
        let assistant = Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: [], logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store, embedder: embedder), logger: ModelFixtures.logger)
        var notices: [String] = []
        let events = assistant.ask(.init(question: "How do I rotate the signing key?", retrieval: mode, generate: false))
        for try await event in events { if case .notice(let text) = event { notices.append(text) } }
        return notices
    }

    @Test func anAskDuringEmbeddingSaysHowManyChunksMeaningSearchCovers() async throws {
        // Given the handbook, the embedding of its default collection interrupted after the
        // first batch of two chunks (its "ops" collection is keyword-only)
        let database = try StoreFixture.database(StoreFixture.handbook)
        let total = try database.readSync { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM chunk JOIN document ON document.id = chunk.document_id
                    JOIN collection ON collection.id = document.collection_id WHERE collection.name = 'default'
                    """) ?? 0
        }
        #expect(total > 2)
        let interrupted = VectorBackfill(store: database.store, embedder: WordHashEmbedder(failAfterCalls: 1), batchSize: 2)
        await #expect(throws: CancellationError.self) { try await interrupted.run(collection: "default") }

        // When asking (hybrid), then asking for keywords only
        let embedder = WordHashEmbedder()
        let hybrid = try await notices(database, embedder: embedder)
        let keyword = try await notices(database, embedder: embedder, mode: .keyword)

        // Then the hybrid answer says 2 of all chunks have vectors; keywords need none
        #expect(hybrid.contains { $0.hasPrefix("meaning search covers 2 of \(total) chunks so far") }, "\(hybrid)")
        #expect(keyword.isEmpty)

        // And once embedding completes, nothing is said
        try await VectorBackfill(store: database.store, embedder: embedder).run(collection: "default")
        #expect(try await notices(database, embedder: embedder).isEmpty)
    }

    @Test func aCollectionNeverEmbeddedIsNotReportedAsPartial() async throws {
        // Keyword-only ingests (no embedder ever claimed the collection) are complete as they are
        let database = try StoreFixture.database(StoreFixture.handbook)
        #expect(try await notices(database, embedder: WordHashEmbedder()).isEmpty)
    }
}
