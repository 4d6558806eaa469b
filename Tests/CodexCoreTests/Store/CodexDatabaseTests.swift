import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct CodexDatabaseTests {
    @Test func openCreatesTheFileInWALModeWithTheSchema() throws {
        // Given a path in a directory that does not exist yet
        let dir = try TemporaryDirectory()
        let path = dir.path + "/nested/codex.sqlite"
        // When the store is opened
        let database = try CodexDatabase.open(at: path)
        // Then the file exists, uses WAL, and has every table
        #expect(FileManager.default.fileExists(atPath: path))
        let (mode, tables) = try database.readSync { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table')"))
            )
        }
        #expect(mode == "wal")
        #expect(tables.isSuperset(of: ["collection", "document", "chunk", "chunk_fts", "vector"]))
    }

    @Test func aFileThatIsNotADatabaseIsReportedAsCorrupt() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/codex.sqlite"
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(throws: CodexError.storeCorrupt(path)) { try CodexDatabase.open(at: path) }
    }

    @Test func deletingADocumentRemovesItsChunksFromTheFullTextIndex() throws {
        let database = try CodexDatabase.inMemory()
        let remaining = try database.writeSync { db -> Int in
            let collection = try CollectionRecord.findOrCreate(named: "default", in: db)
            var document = DocumentRecord(
                collectionId: collection.id!, path: "/tmp/a.md", sha256: "00", size: 3, mtimeNs: 0, kind: "markdown",
                chunkCount: 1)
            try document.insert(db)
            var chunk = ChunkRecord(
                documentId: document.id!, ordinal: 0, startLine: 1, endLine: 1, text: "rotate the signing key",
                tokenCount: 4)
            try chunk.insert(db)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'signing'") == 1)
            try document.delete(db)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'signing'") ?? -1
        }
        #expect(remaining == 0)
    }
}
