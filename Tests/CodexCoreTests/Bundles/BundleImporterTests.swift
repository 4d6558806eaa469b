import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// What import does when the bundle meets a store that already holds some of it.
struct BundleImporterTests {
    private static let first = "11111111-2222-3333-4444-555555555555"

    /// A bundle of the fixture store, and a second store that already imported it once.
    private func twoStores() throws -> (TemporaryDirectory, URL, CodexDatabase) {
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let bundle = dir.url.appendingPathComponent("b.tar.gz")
        _ = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: .tarGz, to: bundle)
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        _ = try BundleImporter(store: target.store).importBundle(at: bundle)
        return (dir, bundle, target)
    }

    private func count(_ table: String, in database: CodexDatabase) throws -> Int {
        try database.readSync { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    @Test func byDefaultExistingSessionsAreSkippedAndSaidSo() throws {
        // Given a store that already holds the bundle's sessions, one of them edited locally
        let (dir, bundle, target) = try twoStores()
        _ = dir
        try target.writeSync { db in
            try db.execute(sql: "UPDATE session SET title = 'mine' WHERE id = ?", arguments: [Self.first])
        }

        // When the bundle is imported again with the default policy
        let report = try BundleImporter(store: target.store).importBundle(at: bundle)

        // Then nothing is duplicated, the local edit stays, and the report says what was skipped
        #expect(report.plan.sessions.map(\.action) == [.skip, .skip])
        #expect(report.sessionsImported == 0 && report.messagesImported == 0)
        #expect(report.plan.notes.contains { $0.contains("11111111") && $0.contains("--replace") })
        #expect(try count("message", in: target) == 5)
        let title = try target.readSync { db in
            try String.fetchOne(db, sql: "SELECT title FROM session WHERE id = ?", arguments: [Self.first])
        }
        #expect(title == "mine")
    }

    @Test func replaceSwapsTheLocalSessionForTheBundles() async throws {
        // Given a local edit and an extra local message in an imported session
        let (dir, bundle, target) = try twoStores()
        _ = dir
        let store = SQLiteMemoryStore(database: target)
        let id = try #require(UUID(uuidString: Self.first))
        try target.writeSync { db in
            try db.execute(sql: "UPDATE session SET title = 'mine' WHERE id = ?", arguments: [Self.first])
        }
        var extra = MessageRecord(
            session: id, seq: 5, body: MessageBody(NewMessage(role: .user, content: "local only"), createdAt: Date()))
        try target.writeSync { db in try extra.insert(db) }

        // When the bundle is imported with --replace
        let report = try BundleImporter(store: target.store).importBundle(at: bundle, policy: .replace)

        // Then the session is the bundle's again, without the local message
        #expect(report.plan.sessions.map(\.action) == [.replace, .replace])
        #expect(report.messagesImported == 5)
        let messages = try await store.messages(in: id)
        #expect(messages.count == 4 && !messages.contains { $0.content == "local only" })
        let title = try target.readSync { db in
            try String.fetchOne(db, sql: "SELECT title FROM session WHERE id = ?", arguments: [Self.first])
        }
        #expect(title == "Key rotation")
    }

    @Test func asNewImportsCopiesUnderNewIds() async throws {
        // Given a store that already holds the bundle's sessions
        let (dir, bundle, target) = try twoStores()
        _ = dir

        // When the bundle is imported with --as-new
        let report = try BundleImporter(store: target.store).importBundle(at: bundle, policy: .asNew)

        // Then both copies exist, the new ones under fresh ids with the same messages
        #expect(report.plan.sessions.map(\.action) == [.rekey, .rekey])
        #expect(Set(report.plan.sessions.map(\.importedAs)).isDisjoint(with: report.plan.sessions.map(\.id)))
        #expect(try count("session", in: target) == 4)
        #expect(try count("message", in: target) == 10)
        let copy = try #require(UUID(uuidString: report.plan.sessions[0].importedAs))
        let original = try #require(UUID(uuidString: Self.first))
        let store = SQLiteMemoryStore(database: target)
        let copied = try await store.messages(in: copy).map(\.content)
        #expect(try await copied == store.messages(in: original).map(\.content))
    }

    @Test func dryRunReportsThePlanAndWritesNothing() throws {
        // Given a fresh store
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let bundle = dir.url.appendingPathComponent("b.zip")
        _ = try BundleWriter(store: source.store).export(BundleSelection(includeDocuments: true), format: .zip, to: bundle)
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        let before = try BundleFixture.checksum(target)

        // When the import is a dry run
        let report = try BundleImporter(store: target.store).importBundle(at: bundle, dryRun: true)

        // Then it says what it would add, and the store is unchanged
        #expect(report.dryRun)
        #expect(report.plan.sessions.map(\.action) == [.add, .add])
        #expect(report.plan.collections.map(\.action) == [.add])
        #expect(report.messagesImported == 0)
        #expect(try BundleFixture.checksum(target) == before)
    }

    @Test func aCollectionWithAnotherEmbedderIsImportedUnderANewName() async throws {
        // Given a local "handbook" made by a different embedder
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let bundle = dir.url.appendingPathComponent("b.json")
        _ = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: .json, to: bundle)
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        try BundleFixture.addCollection(
            "handbook", documents: [("/mine.md", [(1, "Mine", "my own notes")])],
            embedder: HashingEmbedder(identity: EmbedderIdentity(name: "other:model", dimension: 16)), to: target)

        // When the bundle is imported
        let report = try BundleImporter(store: target.store).importBundle(at: bundle)

        // Then the local collection is untouched and the bundle's arrives renamed, with a message
        #expect(report.plan.collections.map(\.action) == [.rename])
        #expect(report.plan.collections.first?.importedAs == "handbook-imported")
        #expect(report.plan.notes.contains { $0.contains("other:model") && $0.contains("handbook-imported") })
        let summaries = try await CollectionCatalog(store: target.store).stats().collections
        #expect(summaries.map(\.name) == ["handbook", "handbook-imported"])
        #expect(summaries.map(\.documents) == [1, 2])
        #expect(summaries.map(\.embedder) == ["other:model", "test:hashing-16"])
    }

    @Test func aCollectionWithTheSameEmbedderIsMergedWithoutDuplicates() throws {
        // Given a store that already imported the bundle's collection
        let (dir, bundle, target) = try twoStores()
        _ = dir

        // When it is imported again as new sessions
        let report = try BundleImporter(store: target.store).importBundle(at: bundle, policy: .asNew)

        // Then the collection is merged and its documents are not duplicated
        #expect(report.plan.collections.map(\.action) == [.merge])
        #expect(report.documentsImported == 0 && report.documentsSkipped == 2)
        #expect(try count("document", in: target) == 2 && count("chunk", in: target) == 4)
    }

    @Test func planIsPureAndNamesAvoidEveryTakenName() {
        // Given a manifest with a clashing collection and a store using its first fallback name too
        let manifest = BundleManifest(
            createdAt: Date(), sessions: [.init(id: Self.first, title: "t", messages: 3)],
            collections: [.init(key: "c1", name: "docs", embedder: "a", dimension: 4, documents: 1, chunks: 2)],
            files: [])
        let local = ImportPlan.LocalState(
            sessionIds: [], collections: ["docs": EmbedderIdentity(name: "b", dimension: 4), "docs-imported": nil])

        // When planned twice with a fixed id generator
        let fixed = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        let plan = ImportPlan.make(for: manifest, into: local, policy: .asNew) { fixed }

        // Then the result is the same each time and picks the next free name
        #expect(plan == ImportPlan.make(for: manifest, into: local, policy: .asNew) { fixed })
        #expect(plan.collections.first?.importedAs == "docs-imported-2")
        #expect(plan.sessions.first?.importedAs == fixed.lowercasedString)
    }
}
