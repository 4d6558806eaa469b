import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Export then import into a fresh store gives the same sessions, messages and retrieval results.
struct BundleRoundTripTests {
    @Test(arguments: BundleFormat.allCases)
    func exportThenImportKeepsEverything(format: BundleFormat) async throws {
        // Given a store with two sessions citing a handbook with vectors
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let bundle = dir.url.appendingPathComponent("bundle.\(format.rawValue)")

        // When everything is exported with documents and imported into a fresh store
        let summary = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: format, to: bundle)
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        let report = try BundleImporter(store: target.store).importBundle(at: bundle)

        // Then the format is recognised from the bytes, and only the cited collection travelled
        #expect(report.format == format)
        #expect(try BundleReader().verifiedManifest(of: bundle).sessions.map(\.messages) == [4, 1])
        #expect(summary.sessions == 2 && summary.messages == 5)
        #expect(summary.collections == ["handbook"])
        #expect(report.sessionsImported == 2 && report.messagesImported == 5 && report.chunksImported == 4)
        #expect(!FileManager.default.fileExists(atPath: bundle.path + ".partial"))
        let fileSize = try FileManager.default.attributesOfItem(atPath: bundle.path)[.size] as? NSNumber
        #expect(summary.bytes == fileSize?.int64Value)

        // And sessions and messages (tool calls, citations, tokens, timestamps) are identical
        #expect(try sessions(in: target) == sessions(in: source))
        #expect(try messages(in: target) == messages(in: source))
        #expect(
            try rawRows("SELECT * FROM message ORDER BY session_id, seq", in: target, dropping: "id")
                == rawRows("SELECT * FROM message ORDER BY session_id, seq", in: source, dropping: "id"))
        #expect(
            try rawRows("SELECT * FROM session ORDER BY id", in: target)
                == rawRows("SELECT * FROM session ORDER BY id", in: source))

        // And the same question gets the same extractive answer and hybrid ranking
        let question = "how do I rotate the signing key"
        let scope = SearchScope(collection: "handbook")
        let before = try await DocumentSearch(store: source.store, embedder: HashingEmbedder())
            .extractiveAnswer(to: question, scope: scope)
        let after = try await DocumentSearch(store: target.store, embedder: HashingEmbedder())
            .extractiveAnswer(to: question, scope: scope)
        #expect(after == before)
        #expect(!after.citations.isEmpty)
        let ranked = { (db: CodexDatabase) in
            try await HybridRetriever(store: db.store, embedder: HashingEmbedder())
                .search("upgrade the package", scope: scope, limit: 4)
                .map { [$0.path, "\($0.startLine)-\($0.endLine)", $0.text, String($0.score)] }
        }
        #expect(try await ranked(target) == ranked(source))
        #expect(try vectors(in: target) == vectors(in: source))
    }

    @Test(arguments: [BundleFormat.tarZst, .json])
    func anExportStreamedToAnOpenHandleImportsTheSame(format: BundleFormat) throws {
        // Given an open output stream, as a server has for a response body
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let path = dir.path + "/streamed.bin"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))

        // When the bundle is streamed into it and the file is imported
        let summary = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: format, to: handle)
        try handle.close()
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        let report = try BundleImporter(store: target.store).importBundle(at: URL(fileURLWithPath: path))

        // Then everything arrives, and the summary counted the bytes sent
        #expect(report.format == format && report.messagesImported == 5 && report.chunksImported == 4)
        let fileSize = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
        #expect(summary.bytes == fileSize?.int64Value)
    }

    @Test func selectedSessionsAndSinceLimitWhatIsExported() throws {
        // Given the fixture store
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let writer = BundleWriter(store: source.store)
        let first = try #require(UUID(uuidString: "11111111-2222-3333-4444-555555555555"))

        // When one session is exported without documents, and then by date
        let one = try writer.export(
            BundleSelection(sessionIds: [first]), format: .tarGz, to: dir.url.appendingPathComponent("one.tar.gz"))
        let recent = try writer.export(
            BundleSelection(since: Date(timeIntervalSince1970: 1_700_000_500)), format: .json,
            to: dir.url.appendingPathComponent("recent.json"))

        // Then each bundle holds only what was asked
        #expect(one.sessions == 1 && one.messages == 4 && one.collections.isEmpty)
        #expect(recent.sessions == 1 && recent.messages == 1)
        #expect(throws: CodexError.nothingToExport()) {
            try writer.export(
                BundleSelection(since: Date(timeIntervalSince1970: 1_800_000_000)), format: .zip,
                to: dir.url.appendingPathComponent("none.zip"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/none.zip"))
    }

    @Test func theManifestListsEveryFileWithItsHashAndComesLast() throws {
        // Given an exported tar.gz
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let path = dir.path + "/b.tar.gz"
        _ = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: .tarGz, to: URL(fileURLWithPath: path))

        // When its entries are read with plain libarchive
        let entries = ArchiveSurgery.read(path)
        let manifest = try BundleReader.decodeManifest(Data(try #require(entries.last).bytes))

        // Then the manifest is last and describes every other entry exactly
        #expect(entries.last?.path == "manifest.json")
        #expect(manifest.format == "codex-bundle" && manifest.formatVersion == 1)
        #expect(manifest.appVersion == CodexVersion.current)
        #expect(manifest.files.map(\.path) == entries.dropLast().map(\.path))
        #expect(manifest.files.map(\.size) == entries.dropLast().map { Int64($0.bytes.count) })
        #expect(manifest.sessions.map(\.messages) == [4, 1])
        #expect(manifest.collections.map(\.name) == ["handbook"])
        let messages = try #require(
            entries.first { $0.path.hasSuffix("11111111-2222-3333-4444-555555555555/messages.jsonl") })
        #expect(String(decoding: messages.bytes, as: UTF8.self).split(separator: "\n").count == 4)
    }

    @Test func timestampsTravelToTheMillisecond() throws {
        // Given dates at random milliseconds across four centuries (fixed seed)
        var random = SeededRandom(seed: 7)
        let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &random)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)

            // When written and read back as bundle text
            let text = BundleDate.format(date)

            // Then the text is what Foundation writes for that millisecond, and parses to the same date
            #expect(text == foundation.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000 + 0.0004)))
            #expect(BundleDate.parse(text) == date)
        }
    }

    // MARK: - Store dumps without local row ids

    private func sessions(in database: CodexDatabase) throws -> [Session] {
        try database.readSync { db in try Session.order(Column("id")).fetchAll(db) }
    }

    private func messages(in database: CodexDatabase) throws -> [SessionMessage] {
        try database.readSync { db in
            try MessageRecord.order(Column("session_id"), Column("seq")).fetchAll(db).map {
                var message = $0.sessionMessage
                message.id = 0
                return message
            }
        }
    }

    /// Rows as the store holds them (JSON text, timestamps), without local row ids.
    private func rawRows(_ sql: String, in database: CodexDatabase, dropping column: String? = nil) throws -> [String] {
        try database.readSync { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.columnNames.filter { $0 != column }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(
                    separator: " ")
            }
        }
    }

    private func vectors(in database: CodexDatabase) throws -> [String] {
        try database.readSync { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.path, c.ordinal, v.scale, hex(v.codes) FROM vector v JOIN chunk c ON c.id = v.chunk_id
                    JOIN document d ON d.id = c.document_id ORDER BY d.path, c.ordinal
                    """
            ).map(\.description)
        }
    }
}
