import Foundation
import GRDB
import Synchronization
import Testing

@testable import CodexCore
@testable import CodexSQLite

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
            store: database.store, embedder: WordHashEmbedder(failAfterCalls: 1), batchSize: 4)
        await #expect(throws: CancellationError.self) { try await interrupted.run(collection: "default") }
        #expect(try vectorCount(database) == 4)

        // When the next run starts
        let embedder = WordHashEmbedder()
        let resumed = try await VectorBackfill(store: database.store, embedder: embedder, batchSize: 4)
            .run(collection: "default")

        // Then it embeds only the six that were missing, and every chunk has its vector
        #expect(resumed == 6)
        #expect(embedder.callCount == 2)
        #expect(try vectorCount(database) == 10)
        #expect(try await VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database.store))
    }

    @Test func aCollectionEmbeddedWithOneModelRefusesAnother() async throws {
        let database = try manyChunks()
        try await VectorBackfill(store: database.store, embedder: WordHashEmbedder()).run(collection: "default")
        let other = WordHashEmbedder(name: "test:other", dimension: 64)
        await #expect(throws: CodexError.self) {
            try await VectorBackfill(store: database.store, embedder: other).run(collection: "default")
        }
        // The refusal writes nothing: the collection keeps the first model's vectors only.
        #expect(try vectorCount(database) == 10)
        #expect(try await !VectorBackfill.isComplete(collection: "default", for: other.identity, in: database.store))
    }

    @Test func completeOnlyWhenEveryChunkHasThisEmbeddersVector() async throws {
        let database = try manyChunks()
        let embedder = WordHashEmbedder()
        #expect(try await !VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database.store))
        try await VectorBackfill(store: database.store, embedder: embedder).run(collection: "default")
        #expect(try await VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database.store))
        // A chunk added later (a re-ingest) makes the collection incomplete again.
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO chunk (document_id, ordinal, start_line, end_line, heading, text, token_count)
                    SELECT id, 99, 100, 100, '', 'a late chunk', 3 FROM document
                    """)
        }
        #expect(try await !VectorBackfill.isComplete(collection: "default", for: embedder.identity, in: database.store))
        #expect(try await !VectorBackfill.isComplete(collection: "missing", for: embedder.identity, in: database.store))
    }

    @Test func linesSharedWithThePreviousChunkAreEmbeddedOnce() async throws {
        // Given a document cut into chunks of five lines that overlap by two (lines 4-5, then 8-9)
        let lines = (1...13).map { "line \($0)" }
        let chunks = [0, 3, 6, 9].map { start in
            (startLine: start + 1, heading: "Guide", text: lines[start..<min(start + 5, 13)].joined(separator: "\n"))
        }
        let database = try StoreFixture.database([StoreFixture.Doc(path: "/docs/guide.md", chunks: chunks)])
        // When its chunks are embedded
        let embedder = WordHashEmbedder()
        try await VectorBackfill(store: database.store, embedder: embedder).run(collection: "default")
        // Then the first chunk is embedded whole, and each later one without the lines the one
        // before it already covered; every chunk still gets its vector, and keeps its whole text
        #expect(
            embedder.texts == [
                "Guide\nline 1\nline 2\nline 3\nline 4\nline 5",
                "Guide\nline 6\nline 7\nline 8",
                "Guide\nline 9\nline 10\nline 11",
                "Guide\nline 12\nline 13",
            ])
        #expect(try vectorCount(database) == 4)
        let stored = try database.readSync { try String.fetchOne($0, sql: "SELECT text FROM chunk WHERE ordinal = 1") }
        #expect(stored == "line 4\nline 5\nline 6\nline 7\nline 8")
    }

    @Test func nothingIsLeftOutWhereTheOverlapIsNotWholeLines() {
        // A part of one long line shares "its" line with the part before it: embedded whole
        #expect(
            VectorBackfill.embeddingText(heading: "", text: "…rest of a long line", lines: 7...7, previousEndLine: 7)
                == "…rest of a long line")
        // Text that is not exactly its lines (one line fewer than the span) is embedded whole
        #expect(
            VectorBackfill.embeddingText(heading: "H", text: "a\nb", lines: 3...5, previousEndLine: 3) == "H\na\nb")
        // No previous chunk, or one that ends before this one starts: nothing shared
        #expect(VectorBackfill.embeddingText(heading: "", text: "a\nb", lines: 3...4) == "a\nb")
        #expect(VectorBackfill.embeddingText(heading: "", text: "a\nb", lines: 3...4, previousEndLine: 2) == "a\nb")
        #expect(VectorBackfill.embeddingText(heading: "", text: "a\nb", lines: 3...4, previousEndLine: 3) == "b")
    }

    @Test func embeddingFollowsATextPhaseThatIsStillWritingChunks() async throws {
        // Given a collection whose text phase has written nothing yet
        let database = try StoreFixture.database([StoreFixture.Doc(path: "/docs/first.md", chunks: [])])
        let textPhaseRunning = Atomic(true)
        let embedder = WordHashEmbedder()
        let seen = Mutex<[VectorBackfill.Progress]>([])
        // When embedding starts first, and chunks arrive in two commits while it runs
        let backfill = Task {
            try await VectorBackfill(store: database.store, embedder: embedder, batchSize: 4).run(
                collection: "default", following: { textPhaseRunning.load(ordering: .acquiring) }
            ) { progress in seen.withLock { $0.append(progress) } }
        }
        // (the first commit waits until the backfill has looked, found nothing and reported 0)
        for _ in 0..<200 where seen.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(50)) }
        for (first, count) in [(1, 6), (100, 5)] {
            try await Task.sleep(for: .milliseconds(250))
            try await database.write { db in
                for line in first..<(first + count) {
                    try db.execute(
                        sql: """
                            INSERT INTO chunk (document_id, ordinal, start_line, end_line, heading, text, token_count)
                            SELECT id, ?, ?, ?, '', ?, 3 FROM document
                            """, arguments: [line, line, line, "late chunk \(line)"])
                }
            }
        }
        textPhaseRunning.store(false, ordering: .releasing)
        // Then every chunk of both commits is embedded, and the total grew as they came
        let embedded = try await backfill.value
        #expect(embedded == 11)
        #expect(try vectorCount(database) == 11)
        let totals = seen.withLock { $0.map(\.total) }
        #expect(totals.first == 0)
        #expect(totals.last == 11)
        #expect(seen.withLock { $0.last?.embedded } == 11)
    }

    @Test func withoutATextPhaseRunningAnEmptyCollectionEndsAtOnce() async throws {
        let database = try StoreFixture.database([StoreFixture.Doc(path: "/docs/first.md", chunks: [])])
        let embedded = try await VectorBackfill(store: database.store, embedder: WordHashEmbedder()).run(
            collection: "default", following: { false })
        #expect(embedded == 0)
        #expect(try await !VectorBackfill.hasWork(collection: "default", in: database.store))
    }
}
