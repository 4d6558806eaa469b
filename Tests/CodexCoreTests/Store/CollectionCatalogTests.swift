import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct CollectionCatalogTests {
    @Test func listsEachCollectionWithItsCountsAndRemovesOneWithEverythingInIt() async throws {
        // Given the handbook: two documents in "default", one in "ops", one vector
        let dir = try TemporaryDirectory()
        let database = try StoreFixture.database(StoreFixture.handbook, at: dir.path + "/codex.sqlite")
        try database.writeSync { db in
            let chunk = try Row.fetchOne(db, sql: "SELECT c.id, d.collection_id FROM chunk c JOIN document d ON d.id = c.document_id")!
            try VectorRecord(chunkId: chunk[0], collectionId: chunk[1], vector: [1, 0, 0]).insert(db)
        }
        let catalog = CollectionCatalog(store: database.store)

        // When listing and inspecting
        let summaries = try await catalog.list()
        let stats = try await catalog.stats()

        // Then the counts are right and the store's size is reported
        #expect(summaries.map(\.name) == ["default", "ops"])
        #expect(summaries.map(\.documents) == [2, 1])
        #expect(summaries.map(\.chunks) == [4, 1])
        #expect(summaries.map(\.vectors) == [1, 0])
        #expect(stats.kinds == ["markdown": 3])
        #expect(stats.storeBytes > 0)

        // And removing a collection removes its documents, chunks, vectors and index entries
        let removed = try await catalog.remove("default")
        #expect(removed.documents == 2)
        let left = try database.readSync { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM vector")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'signing'")!
            )
        }
        #expect(left == (1, 0, 0))
        await #expect(throws: CodexError.collectionNotFound("default")) { try await catalog.remove("default") }
    }
}
