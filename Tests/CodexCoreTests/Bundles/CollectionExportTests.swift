import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// `codex export --collection NAME`: a collection travels whole, with or without sessions, and is
/// searchable on arrival with the vectors it was exported with — nothing embedded again.
struct CollectionExportTests {
    @Test func aCollectionExportedAloneIsSearchableAtOnceAfterImport() async throws {
        // Given a store whose "handbook" took 12.5 s to embed
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        try source.writeSync { db in
            try db.execute(sql: "UPDATE collection SET embedding_ms = 12500 WHERE name = 'handbook'")
        }
        let bundle = dir.url.appendingPathComponent("handbook.tar.gz")

        // When only that collection is exported and imported into a fresh store
        let summary = try BundleWriter(store: source.store).export(.collections(["handbook"]), format: .tarGz, to: bundle)
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        let report = try BundleImporter(store: target.store).importBundle(at: bundle)

        // Then no session travelled, every chunk arrived with its vector, and the time saved is the measured one
        #expect(summary.sessions == 0 && summary.collections == ["handbook"] && summary.chunks == 4)
        #expect(report.sessionsImported == 0 && report.chunksImported == 4 && report.vectorsImported == 4)
        #expect(report.embeddingSaved == .init(seconds: 12.5, measured: true))
        let listed = try await CollectionCatalog(store: target.store).list()
        #expect(listed.map(\.name) == ["handbook"] && listed.first?.vectors == 4)
        #expect(listed.first?.embedder == HashingEmbedder().identity.name)
        #expect(try target.readSync { try Int.fetchOne($0, sql: "SELECT embedding_ms FROM collection") } == 12500)

        // And semantic search ranks exactly as on the exporting machine
        let ranked = { (db: CodexDatabase) in
            try await HybridRetriever(store: db.store, embedder: HashingEmbedder())
                .search("upgrade the package", scope: SearchScope(collection: "handbook"), limit: 4, mode: .semantic)
                .map { "\($0.path):\($0.startLine)-\($0.endLine) \($0.score)" }
        }
        #expect(try await ranked(target) == ranked(source))
        #expect(try await !ranked(target).isEmpty)
    }

    @Test func unmeasuredEmbeddingTimeIsEstimatedFromTokens() throws {
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let bundle = dir.url.appendingPathComponent("h.json")
        _ = try BundleWriter(store: source.store).export(.collections(["handbook"]), format: .json, to: bundle)
        let report = try BundleImporter(store: try CodexDatabase.open(at: dir.path + "/t.sqlite").store)
            .importBundle(at: bundle)
        let tokens = try source.readSync {
            try Int.fetchOne(
                $0,
                sql:
                    "SELECT sum(token_count) FROM chunk c JOIN document d ON d.id = c.document_id JOIN collection k ON k.id = d.collection_id WHERE k.name = 'handbook'"
            ) ?? 0
        }
        #expect(report.embeddingSaved?.measured == false)
        #expect(
            report.embeddingSaved?.seconds == Double(tokens) / BundleImporter.EmbeddingSaved.estimatedTokensPerSecond)
    }

    @Test func collectionsGoBesideTheChosenSessions() throws {
        // Given the fixture store: one session cites "handbook", "ops" is cited by nobody
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let first = try #require(UUID(uuidString: "11111111-2222-3333-4444-555555555555"))

        // When that session is exported with its cited documents and "ops" named, twice
        let summary = try BundleWriter(store: source.store).export(
            BundleSelection(sessionIds: [first], includeDocuments: true, collections: ["ops", "ops"]), format: .zip,
            to: dir.url.appendingPathComponent("b.zip"))

        // Then the named collection comes first, once, then the cited one; no vectors for "ops" (it has none)
        #expect(summary.sessions == 1 && summary.collections == ["ops", "handbook"])
        let report = try BundleImporter(store: try CodexDatabase.open(at: dir.path + "/t.sqlite").store)
            .importBundle(at: dir.url.appendingPathComponent("b.zip"))
        #expect(report.sessionsImported == 1 && report.documentsImported == 3 && report.vectorsImported == 4)
    }

    @Test func anUnknownCollectionIsRefusedAndNoFileIsLeft() throws {
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        #expect(throws: CodexError.collectionNotFound("nope")) {
            try BundleWriter(store: source.store).export(
                .collections(["handbook", "nope"]), format: .tarGz, to: dir.url.appendingPathComponent("x.tar.gz"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.tar.gz"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.tar.gz.partial"))
    }

    @Test func embeddingTimeIsMeasuredWhileVectorsAreMade() async throws {
        // Given a collection without vectors and an embedder that takes 30 ms a batch
        let database = try StoreFixture.database(StoreFixture.handbook)
        struct SlowEmbedder: Embedder {
            var identity = EmbedderIdentity(name: "test:slow", dimension: 16)
            func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
                try await Task.sleep(for: .milliseconds(30))
                return texts.map(HashingEmbedder.vector)
            }
        }

        // When the vectors are filled in, two chunks a batch
        let embedded = try await VectorBackfill(store: database.store, embedder: SlowEmbedder(), batchSize: 2)
            .run(collection: CollectionRecord.defaultName)

        // Then the collection records at least the time those two batches took
        #expect(embedded == 4)
        let ms = try database.readSync {
            try Int.fetchOne($0, sql: "SELECT embedding_ms FROM collection WHERE name = 'default'") ?? 0
        }
        #expect(ms >= 60)
    }
}
