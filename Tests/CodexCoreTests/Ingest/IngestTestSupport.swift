import CArchive
import Foundation
import GRDB
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// Builds small zip files (DOCX, ODT, EPUB) with libarchive, the way the tests need them.
enum ZipBuilder {
    /// Writes `entries` (path, contents) in order into a zip at `path`; `stored` entries are not compressed.
    static func write(_ entries: [(String, String)], to path: String, stored: Set<String> = []) throws {
        guard let archive = archive_write_new() else { throw CodexError.internal("archive_write_new") }
        defer { archive_write_free(archive) }
        archive_write_set_format_zip(archive)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else {
            throw CodexError.io("cannot write \(path)")
        }
        for (name, text) in entries {
            let bytes = Array(text.utf8)
            guard let entry = archive_entry_new() else { throw CodexError.internal("archive_entry_new") }
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, name)
            archive_entry_set_size(entry, Int64(bytes.count))
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, 0o644)
            // EPUB and ODT want their `mimetype` entry uncompressed; everything else is deflated.
            if stored.contains(name) {
                archive_write_zip_set_compression_store(archive)
            } else {
                archive_write_zip_set_compression_deflate(archive)
            }
            let status = archive_write_header(archive, entry)
            guard status == ARCHIVE_OK else {
                throw CodexError.io(
                    "header \(name): \(status) \(archive_error_string(archive).map { String(cString: $0) } ?? "")")
            }
            let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw CodexError.io("data \(name)") }
        }
        archive_write_close(archive)
    }
}

/// Checks that a store is whole: what a killed or interrupted ingest must never break.
enum StoreConsistency {
    struct Report: Equatable {
        var integrity: String
        var documentsWithWrongChunkCount: Int
        var chunkRows: Int
        var ftsRows: Int
    }

    static func check(_ database: CodexDatabase) throws -> Report {
        try database.readSync { db in
            Report(
                integrity: try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "",
                documentsWithWrongChunkCount: try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM document d
                        WHERE d.chunk_count != (SELECT count(*) FROM chunk c WHERE c.document_id = d.id)
                        """) ?? -1,
                chunkRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk") ?? -1,
                // The FTS index's own row count (docsize), not the content table's.
                ftsRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts_docsize") ?? -1)
        }
    }

    /// Passes when the store is consistent; also runs FTS5's own integrity check.
    static func expectConsistent(_ database: CodexDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try check(database)
        #expect(report.integrity == "ok", sourceLocation: sourceLocation)
        #expect(report.documentsWithWrongChunkCount == 0, sourceLocation: sourceLocation)
        #expect(report.ftsRows == report.chunkRows, sourceLocation: sourceLocation)
        try database.writeSync { db in
            try db.execute(sql: "INSERT INTO chunk_fts(chunk_fts, rank) VALUES('integrity-check', 1)")
        }
    }
}

/// Ingest helpers shared by the suites.
enum IngestHarness {
    static func ingest(
        _ paths: [String], into database: CodexDatabase, options: IngestOptions = IngestOptions()
    ) async throws -> IngestSummary {
        try await IngestRunner(store: database.store).run(paths, options: options)
    }

    /// Stored chunks of the document at `path`, in order.
    static func chunks(of path: String, in database: CodexDatabase) throws -> [ChunkRecord] {
        try database.readSync { db in
            try ChunkRecord.fetchAll(
                db,
                sql: """
                    SELECT chunk.* FROM chunk JOIN document ON document.id = chunk.document_id
                    WHERE document.path = ? ORDER BY chunk.ordinal
                    """, arguments: [path])
        }
    }

    static func documentPaths(in database: CodexDatabase) throws -> [String] {
        try database.readSync { db in try String.fetchAll(db, sql: "SELECT path FROM document ORDER BY path") }
    }

    /// Paths of documents whose chunks match an FTS query.
    static func search(_ query: String, in database: CodexDatabase) throws -> Set<String> {
        try database.readSync { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT document.path FROM chunk_fts
                        JOIN chunk ON chunk.id = chunk_fts.rowid JOIN document ON document.id = chunk.document_id
                        WHERE chunk_fts MATCH ?
                        """, arguments: [query]))
        }
    }

    /// The lines `start...end` (1-based) of `text`, joined as a chunk holds them.
    static func lines(_ text: String, _ start: Int, _ end: Int) -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        return all[(start - 1)...(end - 1)].joined(separator: "\n")
    }
}
