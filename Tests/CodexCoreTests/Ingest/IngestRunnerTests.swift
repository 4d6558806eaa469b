import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct IngestRunnerTests {
    private func setModificationTime(_ path: String, secondsAgo: TimeInterval) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -secondsAgo)], ofItemAtPath: path)
    }

    @Test func reIngestUpdatesExactlyWhatChanged() async throws {
        // Given a store holding four files
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/store/codex.sqlite")
        let docs = dir.path + "/docs"
        let keep = try dir.write("docs/keep.md", "# Keep\n\nThe beacon frequency is stable.\n")
        let edit = try dir.write("docs/edit.md", "# Edit\n\nRotate the walrus key monthly.\n")
        let delete = try dir.write("docs/delete.md", "# Delete\n\nThe obsolete gazebo procedure.\n")
        let touch = try dir.write("docs/touch.md", "# Touch\n\nNothing changes in the lantern.\n")
        let first = try await IngestHarness.ingest([docs], into: database)
        #expect((first.added, first.updated, first.unchanged, first.removed) == (4, 0, 0, 0))
        let keepChunkIds = try IngestHarness.chunks(of: keep, in: database).map(\.id)
        let touchChunkIds = try IngestHarness.chunks(of: touch, in: database).map(\.id)

        // When one file is edited, one deleted, one added and one only touched
        try "# Edit\n\nRotate the narwhal key weekly.\n".write(toFile: edit, atomically: false, encoding: .utf8)
        try setModificationTime(edit, secondsAgo: -5)
        try FileManager.default.removeItem(atPath: delete)
        let add = try dir.write("docs/sub/add.md", "# Add\n\nA brand new heliograph page.\n")
        try setModificationTime(touch, secondsAgo: -10)
        let second = try await IngestHarness.ingest([docs], into: database)

        // Then exactly those changes are applied
        #expect((second.added, second.updated, second.unchanged, second.removed) == (1, 1, 2, 1))
        #expect(try IngestHarness.documentPaths(in: database) == [add, edit, keep, touch].sorted())
        #expect(try IngestHarness.search("narwhal", in: database) == [edit])
        #expect(try IngestHarness.search("walrus", in: database).isEmpty)
        #expect(try IngestHarness.search("gazebo", in: database).isEmpty)
        #expect(try IngestHarness.search("heliograph", in: database) == [add])
        // untouched and merely touched files keep their chunks (no rewrite)
        #expect(try IngestHarness.chunks(of: keep, in: database).map(\.id) == keepChunkIds)
        #expect(try IngestHarness.chunks(of: touch, in: database).map(\.id) == touchChunkIds)
        try StoreConsistency.expectConsistent(database)

        // And a third run with nothing changed does nothing, even for the touched file
        let third = try await IngestHarness.ingest([docs], into: database)
        #expect((third.added, third.updated, third.unchanged, third.removed, third.bytes) == (0, 0, 4, 0, 0))
    }

    @Test func documentsOutsideTheRootsBeingIngestedAreNeverTouched() async throws {
        // Given two folders ingested into the same collection
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let a = try dir.write("a/one.md", "alpha")
        let b = try dir.write("b/two.md", "bravo")
        try dir.write("ab/three.md", "charlie")
        _ = try await IngestHarness.ingest([dir.path + "/a", dir.path + "/b", dir.path + "/ab"], into: database)
        // When only folder a is re-ingested after b's file is deleted
        try FileManager.default.removeItem(atPath: b)
        let summary = try await IngestHarness.ingest([dir.path + "/a"], into: database)
        // Then b's document (and the sibling "ab" folder's) are still there
        #expect(summary.removed == 0)
        #expect(try IngestHarness.documentPaths(in: database).contains(b))
        #expect(try IngestHarness.documentPaths(in: database).count == 3)
        #expect(try IngestHarness.documentPaths(in: database).contains(a))
    }

    @Test func binaryAndOversizeFilesAreSkippedWithReasons() async throws {
        // Given a text file, a binary file and a file over the size cap
        let dir = try TemporaryDirectory()
        try dir.write("notes.md", "# Notes\n\ntext")
        let image = try dir.write("logo.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]))
        let latin1 = try dir.write("old.txt", Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
        let big = try dir.write("dump.txt", String(repeating: "line of log\n", count: 1000))
        let database = try CodexDatabase.inMemory()
        // When ingested with a 4 KiB cap
        var options = IngestOptions()
        options.maxFileSize = 4096
        let summary = try await IngestHarness.ingest([dir.path], into: database, options: options)
        // Then only the text file is stored, and the summary says why each other file was skipped
        #expect(summary.added == 1)
        #expect(summary.skipped["binary"]?.count == 2)
        #expect(Set(summary.skipped["binary"]?.files.map(\.path) ?? []) == [image, latin1])
        #expect(summary.skipped["too_large"]?.files.map(\.path) == [big])
        #expect(summary.skippedCount == 3)
        #expect(summary.files == 4)
    }

    @Test func aStoredFileThatBecomesBinaryOrTooLargeIsRemoved() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.inMemory()
        let file = try dir.write("data.txt", "plain text")
        _ = try await IngestHarness.ingest([dir.path], into: database)
        try dir.write("data.txt", Data([0x00, 0x01, 0x02, 0x03]))
        try setModificationTime(file, secondsAgo: -5)
        let summary = try await IngestHarness.ingest([dir.path], into: database)
        #expect(summary.removed == 1 && summary.skipped["binary"]?.count == 1)
        #expect(try IngestHarness.documentPaths(in: database).isEmpty)
    }

    @Test func aSecondIngestIntoTheSameStoreIsRefusedWhileTheFirstRuns() async throws {
        // Given a store whose ingest lock is held (as by another codex process)
        let dir = try TemporaryDirectory()
        let path = dir.path + "/codex.sqlite"
        let database = try CodexDatabase.open(at: path)
        try dir.write("docs/a.md", "text")
        var held: IngestLock? = try IngestLock(storePath: path)
        // When another ingest starts
        await #expect(throws: CodexError.storeLocked(path)) {
            _ = try await IngestHarness.ingest([dir.path + "/docs"], into: database)
        }
        // Then it wrote nothing, and works once the lock is released
        #expect(try IngestHarness.documentPaths(in: database).isEmpty)
        #expect(held != nil)
        held = nil
        let summary = try await IngestHarness.ingest([dir.path + "/docs"], into: database)
        #expect(summary.added == 1)
    }

    @Test func aMissingPathFailsBeforeAnythingIsWritten() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.inMemory()
        try dir.write("a.md", "text")
        await #expect(throws: CodexError.pathNotFound("/nonexistent/docs")) {
            _ = try await IngestHarness.ingest([dir.path, "/nonexistent/docs"], into: database)
        }
        #expect(try IngestHarness.documentPaths(in: database).isEmpty)
    }

    @Test(.enabled(if: getuid() != 0, "root can read every file"))
    func anUnreadableRootIsAnErrorButAnUnreadableFileInsideIsASkip() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.inMemory()
        let secret = try dir.write("docs/secret.md", "text")
        try dir.write("docs/open.md", "text")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: secret)
        let summary = try await IngestHarness.ingest([dir.path + "/docs"], into: database)
        #expect(summary.added == 1 && summary.skipped["unreadable"]?.files.map(\.path) == [secret])
        await #expect(throws: CodexError.unreadablePath(secret)) {
            _ = try await IngestHarness.ingest([secret], into: database)
        }
    }

    @Test func aCancelledIngestReportsItselfInterruptedAndTheNextRunFinishesTheJob() async throws {
        // Given 50 files and an ingest cancelled before it starts (as Ctrl-C during the walk)
        let dir = try TemporaryDirectory()
        for i in 0..<50 { try dir.write("docs/f\(i).md", "# File \(i)\n\nword\(i)") }
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let control = IngestControl()
        control.cancel()
        let first = try await IngestRunner(store: database.store).run(
            [dir.path + "/docs"], options: IngestOptions(), control: control)
        // Then the summary says so, nothing half-done is stored, and a rerun adds everything
        #expect(first.interrupted)
        #expect(first.added == 0)
        try StoreConsistency.expectConsistent(database)
        let second = try await IngestHarness.ingest([dir.path + "/docs"], into: database)
        #expect(!second.interrupted && second.added == 50)
        try StoreConsistency.expectConsistent(database)
    }

    @Test func aTransactionAbortedHalfwayLeavesEveryDocumentInItsPreviousState() async throws {
        // Given a stored document
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let path = try dir.write("a.md", "# A\n\nthe original albatross text\n")
        _ = try await IngestHarness.ingest([path], into: database)
        let documents = database.store.documents
        let stored = try #require(try documents.storedDocuments(inCollection: 1, under: [path])[path])
        // When one transaction replaces it and adds another document, then fails on a bad chunk
        let replacement = PreparedDocument(
            facts: FileFacts(path: path, size: 1, mtimeNs: 1), sha256: "new", kind: .markdown,
            chunks: [TextChunk(startLine: 1, endLine: 1, heading: "", text: "replacement cormorant", tokenCount: 2)],
            replacing: stored.documentId)
        let broken = PreparedDocument(
            facts: FileFacts(path: dir.path + "/b.md", size: 1, mtimeNs: 1), sha256: "b", kind: .markdown,
            chunks: [TextChunk(startLine: 0, endLine: 0, heading: "", text: "violates the line check", tokenCount: 3)],
            replacing: nil)
        #expect(throws: (any Error).self) {
            try documents.apply([.document(replacement), .document(broken)], inCollection: 1)
        }
        // Then nothing of that transaction is visible and the index still finds the original text
        #expect(try IngestHarness.documentPaths(in: database) == [path])
        #expect(try IngestHarness.search("albatross", in: database) == [path])
        #expect(try IngestHarness.search("cormorant", in: database).isEmpty)
        try StoreConsistency.expectConsistent(database)
    }

    @Test func collectionsAreSeparate() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.inMemory()
        let file = try dir.write("a.md", "text")
        var options = IngestOptions()
        options.collection = "work"
        _ = try await IngestHarness.ingest([file], into: database, options: options)
        let other = try await IngestHarness.ingest([file], into: database)
        #expect(other.added == 1)
        let names = try database.readSync { try String.fetchAll($0, sql: "SELECT name FROM collection ORDER BY name") }
        #expect(names == ["default", "work"])
    }

    @Test func textIsStoredByteForByteAndFoundByTheFullTextIndex() async throws {
        // Given a file with accents, CJK, emoji and a heading path, and more chunks than one INSERT holds
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.inMemory()
        let sections = (1...600).map { "# Café \($0)\n\nLe délai est de \($0) jours 🙂 — 日本語のテキスト.\n" }
        try dir.write("notes.md", sections.joined(separator: "\n"))
        // When it is ingested
        let summary = try await IngestHarness.ingest([dir.path], into: database)
        // Then every chunk keeps its exact text and heading, and FTS5 finds the accented words
        let (chunks, matches) = try database.readSync { db in
            (
                try Row.fetchAll(db, sql: "SELECT heading, text FROM chunk ORDER BY ordinal"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'délai'") ?? 0
            )
        }
        #expect(summary.chunks == chunks.count && chunks.count > DocumentWriter.rowsPerInsert)
        #expect(chunks.first?["heading"] == "Café 1")
        #expect((chunks.first?["text"] as String?)?.contains("Le délai est de 1 jours 🙂 — 日本語のテキスト.") == true)
        #expect(matches == chunks.count)
    }

    @Test func newChunksAreWaitingForTheEmbeddingPhase() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.inMemory()
        try dir.write("a.md", "# A\n\nalpha\n\n# B\n\nbravo\n")
        let summary = try await IngestHarness.ingest([dir.path], into: database)
        let store = database.store
        let collection = try #require(try await store.collections.named("default"))
        let pending = try await store.vectors.chunksWithoutVector(inCollection: collection.id!, after: 0, limit: 100)
        #expect(pending.count == summary.chunks)
        #expect(pending.map(\.heading) == ["A", "B"])
    }

    @Test func theSummaryEncodesWithStableSnakeCaseKeys() throws {
        var summary = IngestSummary(collection: "default", roots: ["/docs"])
        summary.recordSkip(SkippedFile(path: "/docs/a.png", reason: .binary, detail: "binary"))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try JSONSerialization.jsonObject(with: encoder.encode(summary)) as? [String: Any]
        #expect(
            Set(object?.keys.map { $0 } ?? []) == [
                "collection", "roots", "added", "updated", "unchanged", "removed", "skipped", "ignored", "files",
                "bytes",
                "chunks", "seconds", "interrupted",
            ])
        let skipped = object?["skipped"] as? [String: Any]
        #expect(skipped?.keys.first == "binary")
    }
}
