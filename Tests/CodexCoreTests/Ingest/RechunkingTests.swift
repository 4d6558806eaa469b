import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// A `.txt` file written in reStructuredText gets section headings, and a document cut by an
/// older chunker is cut again on the next ingest even though its file did not change.
struct RechunkingTests {
    static let guide = """
        Deployment checklist
        ====================

        Run ``manage.py check --deploy`` before going live.

        Static files
        ------------

        Collect them with ``collectstatic``.
        """

    @Test func reStructuredTextInATxtFileGetsHeadingPaths() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("checklist.txt", Self.guide)
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        let chunks = try IngestHarness.chunks(of: path, in: database)
        #expect(chunks.map(\.heading) == ["Deployment checklist", "Deployment checklist > Static files"])
        // Plain prose stays plain: no headings invented.
        #expect(!RSTSniffer.looksLikeRST(Array("Dear all,\n\nthe meeting moves to Friday.\n".utf8)))
    }

    @Test func documentsCutByAnOlderChunkerAreCutAgain() async throws {
        // Given a store whose document was chunked before chunking versions existed
        let dir = try TemporaryDirectory()
        let path = try dir.write("checklist.txt", Self.guide)
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        try database.writeSync { db in
            try db.execute(sql: "UPDATE document SET chunking = 0")
            try db.execute(sql: "UPDATE chunk SET heading = ''")
        }
        // When the unchanged file is ingested again
        let summary = try await IngestHarness.ingest([path], into: database)
        // Then it is re-chunked with the current chunker, and a third ingest leaves it alone
        #expect(summary.updated == 1 && summary.unchanged == 0)
        #expect(try IngestHarness.chunks(of: path, in: database).first?.heading == "Deployment checklist")
        let version = try database.readSync { try Int.fetchOne($0, sql: "SELECT chunking FROM document") }
        #expect(version == Chunker.version)
        let again = try await IngestHarness.ingest([path], into: database)
        #expect(again.unchanged == 1 && again.updated == 0)
    }
}
