import Foundation
import GRDB
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct VectorIndexTests {
    /// Deterministic pseudo-random unit vectors (xorshift), so failures reproduce.
    static func unitVectors(count: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        var state = seed
        func next() -> Float {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(state % 2_000_001) / 1_000_000 - 1
        }
        return (0..<count).map { _ in
            let raw = (0..<dimension).map { _ in next() }
            let norm = sqrt(raw.reduce(0) { $0 + $1 * $1 })
            return raw.map { $0 / norm }
        }
    }

    @Test(arguments: [100, 21_000])
    func int8ScanFindsTheSameNeighboursAsExactFloatCosine(count: Int) {
        // Given random unit vectors (enough rows in the second case to split the scan over two threads)
        let vectors = Self.unitVectors(count: count, dimension: 384, seed: 42)
        let index = VectorIndex(
            dimension: 384, entries: vectors.enumerated().map { (Int64($0.offset + 1), $0.element) })
        let query = Self.unitVectors(count: 1, dimension: 384, seed: 7)[0]
        // When searching the quantised index
        let found = index.search(query, limit: 10)
        // Then the ranking matches brute-force float cosine, and scores are within quantisation error
        let exact = vectors.enumerated()
            .map { (id: Int64($0.offset + 1), score: zip($0.element, query).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
            .sorted { $0.score > $1.score }
        #expect(Set(found.prefix(5).map(\.chunkId)) == Set(exact.prefix(5).map(\.id)))
        for hit in found {
            let truth = exact.first { $0.id == hit.chunkId }!.score
            #expect(abs(hit.score - truth) < 0.01)
        }
        #expect(found.map(\.score) == found.map(\.score).sorted(by: >))
    }

    @Test func loadReadsExactlyOneCollectionsVectors() throws {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let vectors = Self.unitVectors(count: 5, dimension: 8, seed: 3)
        try database.writeSync { db in
            let chunks = try Row.fetchAll(
                db,
                sql: "SELECT c.id, d.collection_id FROM chunk c JOIN document d ON d.id = c.document_id ORDER BY c.id")
            for (row, vector) in zip(chunks, vectors) {
                try VectorRecord(chunkId: row[0], collectionId: row[1], vector: vector).insert(db)
            }
        }
        let index = try database.readSync { db in
            try VectorIndex.load(collectionId: try CollectionRecord.named("default", in: db)!.id!, dimension: 8, from: db)
        }
        #expect(index.count == 4)  // the fifth chunk belongs to the "ops" collection
        let hit = try #require(index.search(vectors[2], limit: 1).first)
        #expect(abs(hit.score - 1) < 0.01)
    }

    @Test func topKKeepsTheLargestInOrderWithStableTies() {
        let picked = TopK.select(3, from: [0.1, 0.9, 0.5, 0.9, -1, 0.7])
        #expect(picked.map(\.index) == [1, 3, 5])
        #expect(TopK.select(10, from: [0.2, 0.1]).map(\.index) == [0, 1])
    }

    @Test func quantisationRoundTripsWithinHalfAStep() {
        let vector = Self.unitVectors(count: 1, dimension: 384, seed: 9)[0]
        let quantized = QuantizedVector(vector)
        for (original, code) in zip(vector, quantized.codes) {
            #expect(abs(original - Float(code) * quantized.scale) <= quantized.scale / 2 + 1e-6)
        }
        #expect(QuantizedVector([0, 0]).codes == [0, 0])
    }
}

struct RankFusionTests {
    @Test func itemsRankedWellByBothListsWin() {
        let fused = fuseRanks([(ids: [1, 2, 3], weight: 1), (ids: [3, 4, 1], weight: 1)])
        #expect(fused.map(\.id) == [1, 3, 2, 4])
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 63)) < 1e-12)
    }

    @Test func weightsShiftTheBalance() {
        let fused = fuseRanks([(ids: [1, 2], weight: 1), (ids: [2, 1], weight: 3)])
        #expect(fused.first?.id == 2)
    }
}

struct VectorIndexCacheTests {
    @Test func aChangedCollectionIsReloaded() async throws {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let vectors = VectorIndexTests.unitVectors(count: 4, dimension: 8, seed: 5)
        let (collectionId, chunkIds) = try database.writeSync { db -> (Int64, [Int64]) in
            let id = try CollectionRecord.named("default", in: db)!.id!
            let chunks = try Int64.fetchAll(
                db, sql: "SELECT c.id FROM chunk c JOIN document d ON d.id = c.document_id WHERE d.collection_id = ?",
                arguments: [id])
            try VectorRecord(chunkId: chunks[0], collectionId: id, vector: vectors[0]).insert(db)
            return (id, chunks)
        }
        let cache = VectorIndexCache()
        let first = try await cache.index(collectionId: collectionId, dimension: 8, store: database.store.vectors)
        let again = try await cache.index(collectionId: collectionId, dimension: 8, store: database.store.vectors)
        #expect(first === again)
        try database.writeSync { db in
            try VectorRecord(chunkId: chunkIds[1], collectionId: collectionId, vector: vectors[1]).insert(db)
        }
        let reloaded = try await cache.index(collectionId: collectionId, dimension: 8, store: database.store.vectors)
        #expect(reloaded.count == 2)
    }
}
