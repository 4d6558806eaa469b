import Foundation
import GRDB
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct HybridRetrieverTests {
    private static let weights = EmbedderFixtures.weightsAvailable

    /// The handbook with every chunk embedded by `embedder`, as `codex ingest` leaves it.
    private func embeddedHandbook(_ embedder: any Embedder) async throws -> CodexDatabase {
        let database = try StoreFixture.database(StoreFixture.handbook)
        for collection in ["default", "ops"] {
            try await VectorBackfill(store: database.store, embedder: embedder).run(collection: collection)
        }
        return database
    }

    @Test(.enabled(if: weights))
    func aParaphraseIsFoundByMeaningWhereKeywordsFindNothing() async throws {
        // Given the handbook embedded with the built-in model
        let embedder = try #require(EmbedderFixtures.embedder)
        let database = try await embeddedHandbook(embedder)
        let retriever = HybridRetriever(store: database.store, embedder: embedder)
        // When a question shares no word with the passage that answers it
        let question = "how can I move to a newer release"
        let keyword = try await retriever.search(question, limit: 3, mode: .keyword)
        let semantic = try await retriever.search(question, limit: 3, mode: .semantic)
        let hybrid = try await retriever.search(question, limit: 3)
        // Then BM25 misses it, and vectors (alone or fused) put the upgrade passage first
        #expect(!keyword.contains { $0.heading == "Install > Upgrading" })
        #expect(semantic.first?.heading == "Install > Upgrading")
        #expect(hybrid.first?.heading == "Install > Upgrading")
    }

    @Test func withoutVectorsHybridIsPlainBM25() async throws {
        // Given a store whose chunks have no vectors yet (the embedding phase has not run)
        let database = try StoreFixture.database(StoreFixture.handbook)
        let retriever = HybridRetriever(store: database.store, embedder: WordHashEmbedder())
        // When searching in the default mode
        let hybrid = try await retriever.search("rotate the signing key", limit: 5)
        let keyword = try await BM25Retriever(store: database.store).search("rotate the signing key", limit: 5)
        // Then the answer is exactly BM25's
        #expect(hybrid.map(\.chunkId) == keyword.map(\.chunkId))
        #expect(hybrid.first?.heading == "Security > Key rotation")
    }

    @Test func twoOverlappingPassagesOfOneFileAreNeverBothReturned() async throws {
        // Given one file whose two chunks share lines 4-5 (chunks overlap by up to two lines)
        let doc = StoreFixture.Doc(
            path: "/docs/keys.md",
            chunks: [
                (1, "Keys", "# Keys\n\nsigning key rotation\nrotate the signing key\nsigning key grace period"),
                (4, "Keys", "rotate the signing key\nsigning key grace period\nsigning key retire\nsigning key audit"),
                (20, "Keys > Audit", "## Audit\n\nthe signing key audit log"),
            ])
        let embedder = WordHashEmbedder()
        let database = try StoreFixture.database([doc])
        try await VectorBackfill(store: database.store, embedder: embedder).run(collection: "default")
        // When all three match the question
        let passages = try await HybridRetriever(store: database.store, embedder: embedder)
            .search("signing key", limit: 3)
        // Then only one of the two overlapping chunks is kept, beside the one that does not overlap
        #expect(passages.count == 2)
        let spans = passages.map { $0.startLine...$0.endLine }
        #expect(spans.contains(20...22))
        #expect(!(spans.contains(1...5) && spans.contains(4...7)))
    }

    @Test func scopeLimitsBothTheKeywordAndTheVectorLists() async throws {
        // Given the embedded handbook (two collections)
        let embedder = WordHashEmbedder()
        let database = try await embeddedHandbook(embedder)
        let retriever = HybridRetriever(store: database.store, embedder: embedder)
        for mode in HybridRetriever.Mode.allCases {
            // When a question is limited to one collection, or to one file by a path glob
            let ops = try await retriever.search(
                "backups kept days", scope: SearchScope(collection: "ops"), limit: 5, mode: mode)
            let install = try await retriever.search(
                "install the new package", scope: SearchScope(pathGlob: "install.md"), limit: 5, mode: mode)
            // Then nothing outside the scope comes back, from either list
            #expect(!ops.isEmpty && ops.allSatisfy { $0.collection == "ops" }, "\(mode)")
            #expect(!install.isEmpty && install.allSatisfy { $0.path == "/docs/install.md" }, "\(mode)")
        }
    }
}
