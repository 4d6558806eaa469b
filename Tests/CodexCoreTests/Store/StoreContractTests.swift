import CodexTestSupport
import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// What the core relies on from any store, checked through the protocols only (no SQL), so
/// the same suite holds every backend to the same behaviour (see `StoreFactory`).
struct StoreContractTests {
    /// Stores one document with the given chunks (text, heading) in `collection`; returns its id.
    @discardableResult
    static func store(
        _ path: String, chunks: [(heading: String, text: String)], in collection: CollectionRecord, of store: CodexStore
    ) throws -> Int64 {
        var line = 1
        let textChunks = chunks.map { chunk in
            let lines = chunk.text.split(separator: "\n", omittingEmptySubsequences: false).count
            defer { line += lines }
            return TextChunk(
                startLine: line, endLine: line + lines - 1, heading: chunk.heading, text: chunk.text,
                tokenCount: chunk.text.split(separator: " ").count)
        }
        let document = PreparedDocument(
            facts: FileFacts(path: path, size: 10, mtimeNs: 20), sha256: "hash-\(path)", kind: .markdown,
            chunks: textChunks, replacing: nil)
        try store.documents.apply([.document(document)], inCollection: collection.id!)
        return try #require(store.documents.storedDocuments(inCollection: collection.id!, under: [path])[path])
            .documentId
    }

    @Test(arguments: StoreFactory.all)
    func collectionsAreCreatedOnceCountedAndRemovedWithTheirDocuments(_ factory: StoreFactory) async throws {
        // Given a store with one document in "work"
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let work = try store.collections.findOrCreate(named: "work")
        #expect(try store.collections.findOrCreate(named: "work").id == work.id)
        try Self.store("/docs/a.md", chunks: [("A", "alpha one"), ("A", "alpha two")], in: work, of: store)
        // Then it is listed with its counts, and an unknown collection has no chunk count
        let summary = try #require(try await store.collections.summaries(only: "work").first)
        #expect(summary.documents == 1 && summary.chunks == 2 && summary.vectors == 0 && summary.bytes == 10)
        #expect(try await store.collections.documentKinds(in: nil) == ["markdown": 1])
        #expect(try await store.collections.chunkCount(in: "work") == 2)
        #expect(try await store.collections.chunkCount(in: nil) == 2)
        #expect(try await store.collections.chunkCount(in: "missing") == nil)
        #expect(try await store.collections.pathBounds().map(\.first) == ["/docs/a.md"])
        #expect(throws: CodexError.self) { try store.collections.findOrCreate(named: "../escape") }
        // When it is removed, everything in it goes
        let removed = try await store.collections.remove("work")
        #expect(removed.chunks == 2)
        #expect(try await store.collections.named("work") == nil)
        #expect(try await store.collections.chunkCount(in: nil) == 0)
        await #expect(throws: CodexError.self) { try await store.collections.remove("work") }
    }

    @Test(arguments: StoreFactory.all)
    func documentsAreReplacedAndRemovedWholeWithTheirPassages(_ factory: StoreFactory) async throws {
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let collection = try store.collections.findOrCreate(named: "default")
        let id = try Self.store("/docs/a.md", chunks: [("Intro", "first line\nsecond line")], in: collection, of: store)
        // The plan's view: facts and hash by path, only under the roots asked for
        let stored = try store.documents.storedDocuments(inCollection: collection.id!, under: ["/docs"])
        #expect(stored["/docs/a.md"]?.sha256 == "hash-/docs/a.md")
        #expect(stored["/docs/a.md"]?.facts == FileFacts(path: "/docs/a.md", size: 10, mtimeNs: 20))
        #expect(try store.documents.storedDocuments(inCollection: collection.id!, under: ["/other"]).isEmpty)
        // Passages carry the line span and collection
        let hits = try await store.keywords.search(
            terms: ["second"], scope: SearchScope(), limit: 5, headingWeight: 2, matchBudget: 6_000)
        let passage = try #require(hits.first)
        #expect(passage.path == "/docs/a.md" && passage.startLine == 1 && passage.endLine == 2)
        #expect(try await store.documents.passages([passage.chunkId]).map(\.text) == ["first line\nsecond line"])
        // A replacement swaps the chunks in one go
        let replacement = PreparedDocument(
            facts: FileFacts(path: "/docs/a.md", size: 11, mtimeNs: 21), sha256: "new", kind: .markdown,
            chunks: [TextChunk(startLine: 1, endLine: 1, heading: "", text: "replaced text", tokenCount: 2)],
            replacing: id)
        try store.documents.apply([.document(replacement)], inCollection: collection.id!)
        #expect(try await store.documents.passages([passage.chunkId]).isEmpty)
        #expect(try await Self.paths(matching: "replaced", in: store) == ["/docs/a.md"])
        // Removal takes the chunks and their index entries with it
        try store.documents.remove(documents: [id], inCollection: collection.id!)
        #expect(try await Self.paths(matching: "replaced", in: store).isEmpty)
        #expect(try store.documents.storedDocuments(inCollection: collection.id!, under: ["/docs"]).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func keywordSearchRanksHeadingsAndRareTermsAndKeepsToItsScope(_ factory: StoreFactory) async throws {
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let docs = try store.collections.findOrCreate(named: "docs")
        let ops = try store.collections.findOrCreate(named: "ops")
        try Self.store("/docs/keys.md", chunks: [("Key rotation", "rotate the signing key")], in: docs, of: store)
        try Self.store("/docs/misc.md", chunks: [("Misc", "the key to rotation is patience")], in: docs, of: store)
        try Self.store("/ops/keys.md", chunks: [("Keys", "rotation runbook")], in: ops, of: store)
        // The heading match ranks first; a collection scope and a path glob keep to their documents
        let all = try await store.keywords.search(
            terms: ["rotation"], scope: SearchScope(), limit: 10, headingWeight: 2, matchBudget: 6_000)
        #expect(all.first?.path == "/docs/keys.md")
        #expect(Set(all.map(\.path)) == ["/docs/keys.md", "/docs/misc.md", "/ops/keys.md"])
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.score >= $1.score })
        let scoped = try await store.keywords.search(
            terms: ["rotation"], scope: SearchScope(collection: "ops"), limit: 10, headingWeight: 2, matchBudget: 6_000)
        #expect(scoped.map(\.path) == ["/ops/keys.md"] && scoped.first?.collection == "ops")
        #expect(try await Self.paths(matching: "nowhere", in: store).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func vectorsFillInBatchesAndTheMatrixFollowsTheVersion(_ factory: StoreFactory) async throws {
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let collection = try store.collections.findOrCreate(named: "default")
        let id = collection.id!
        try Self.store("/docs/a.md", chunks: [("A", "one\ntwo"), ("A", "three")], in: collection, of: store)
        let identity = EmbedderIdentity(name: "test:hash", dimension: 4)
        // Claiming records the embedder; another one is refused
        try await store.vectors.claim(collection: "default", for: identity)
        await #expect(throws: CodexError.self) {
            try await store.vectors.claim(collection: "default", for: EmbedderIdentity(name: "other", dimension: 4))
        }
        #expect(try store.collections.embedders(of: nil) == [identity])
        // The work list: chunks without a vector, in order, with the previous chunk's last line
        let pending = try await store.vectors.chunksWithoutVector(inCollection: id, after: 0, limit: 10)
        #expect(pending.map(\.lines) == [1...2, 3...3])
        #expect(pending.map(\.previousEndLine) == [nil, 2])
        #expect(try await store.vectors.countWithoutVector(inCollection: id) == 2)
        #expect(try await store.vectors.coverage(for: identity, scope: SearchScope()) == (0, 2))
        // Writing a batch bumps the version, and the matrix holds the vectors in chunk order
        let before = try await store.vectors.version(ofCollection: id)
        try await store.vectors.write(
            [(pending[0].id, [1, 0, 0, 0]), (pending[1].id, [0, 1, 0, 0])], inCollection: id, embeddingMilliseconds: 5)
        let after = try await store.vectors.version(ofCollection: id)
        #expect(after != before)
        #expect(try await store.vectors.countWithoutVector(inCollection: id) == 0)
        #expect(try await store.vectors.coverage(for: identity, scope: SearchScope()) == (2, 2))
        let (version, index) = try await store.vectors.matrix(ofCollection: id, dimension: 4)
        #expect(version == after && index.count == 2)
        #expect(index.search([0, 1, 0, 0], limit: 1).first?.chunkId == pending[1].id)
        // Search targets: collections of this embedder, and the chunks a path glob allows
        let targets = try await store.vectors.searchTargets(for: identity, scope: SearchScope(pathGlob: "/elsewhere/*"))
        #expect(targets.collections == [id] && targets.allowedChunks == [])
        #expect(try await store.vectors.searchTargets(for: identity, scope: SearchScope()).allowedChunks == nil)
        #expect(try await store.vectors.version(ofCollection: 9_999) == -1)
    }

    @Test(arguments: StoreFactory.all)
    func sessionsKeepTheirMessagesInOrderAndAreCounted(_ factory: StoreFactory) async throws {
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let session = try await store.memory.createSession(title: nil)
        _ = try await store.memory.append(NewMessage(role: .user, content: "first question"), to: session.id)
        _ = try await store.memory.append(NewMessage(role: .assistant, content: "first answer"), to: session.id)
        #expect(try await store.memory.sessionCount() == 1)
        #expect(
            try await store.memory.messages(in: session.id, after: 1, limit: nil).map(\.content) == ["first answer"])
        #expect(try await store.memory.session(String(session.id.lowercasedString.prefix(6))).title == "first question")
        try await store.memory.deleteSession(session.id)
        #expect(try await store.memory.sessionCount() == 0)
    }

    @Test(arguments: StoreFactory.all)
    func aBundleMovesSessionsAndCollectionsBetweenTwoStoresOfTheBackend(_ factory: StoreFactory) async throws {
        // Given a session and a collection with vectors in one store
        let dir = try TemporaryDirectory(), otherDir = try TemporaryDirectory()
        let source = try factory.make(dir), target = try factory.make(otherDir)
        let session = try await source.memory.createSession(title: "kept")
        _ = try await source.memory.append(NewMessage(role: .user, content: "hello"), to: session.id)
        let collection = try source.collections.findOrCreate(named: "handbook")
        try Self.store("/docs/a.md", chunks: [("A", "albatross")], in: collection, of: source)
        try await source.vectors.claim(collection: "handbook", for: EmbedderIdentity(name: "test:hash", dimension: 2))
        let pending = try await source.vectors.chunksWithoutVector(inCollection: collection.id!, after: 0, limit: 5)
        try await source.vectors.write(
            [(pending[0].id, [0.6, 0.8])], inCollection: collection.id!, embeddingMilliseconds: 7)
        // When it is exported and imported into another store
        let bundle = URL(fileURLWithPath: dir.path + "/b.tar.gz")
        _ = try BundleWriter(store: source).export(
            BundleSelection(includeDocuments: true, includeSessions: true, collections: ["handbook"]), format: .tarGz,
            to: bundle)
        let report = try BundleImporter(store: target).importBundle(at: bundle)
        // Then both arrive whole, vectors included
        #expect(report.sessionsImported == 1 && report.chunksImported == 1 && report.vectorsImported == 1)
        #expect(try await target.memory.session(session.id.lowercasedString).title == "kept")
        let imported = try #require(try await target.collections.summaries(only: "handbook").first)
        #expect(imported.documents == 1 && imported.vectors == 1 && imported.embedder == "test:hash")
        #expect(try await Self.paths(matching: "albatross", in: target) == ["/docs/a.md"])
    }

    @Test(arguments: StoreFactory.all)
    func aUsersSessionsAreTheirsAloneAndTokensAreKeptOnlyAsHashes(_ factory: StoreFactory) async throws {
        // Given two users of one store
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let users = TeamUsers(store: store)
        let (alice, aliceToken) = try await users.add(name: "alice")
        let (bob, bobToken) = try await users.add(name: "bob")
        #expect(aliceToken != bobToken && aliceToken.hasPrefix("codex_") && aliceToken.count == 49)
        #expect(try await users.user(presenting: aliceToken) == alice)
        #expect(try await users.user(presenting: bobToken + "x") == nil)
        await #expect(throws: CodexError.self) { try await users.add(name: "alice") }
        await #expect(throws: CodexError.self) { try await users.add(name: "../root") }
        #expect(try await users.list().map(\.name) == ["alice", "bob"])
        // When alice starts a session
        let aliceMemory = store.memory.owned(by: alice.id), bobMemory = store.memory.owned(by: bob.id)
        let session = try await aliceMemory.createSession(title: "payroll")
        _ = try await aliceMemory.append(NewMessage(role: .user, content: "salaries"), to: session.id)
        // Then bob can neither list, find, read, change nor delete it; alice can; the CLI sees all
        #expect(try await bobMemory.sessionCount() == 0)
        #expect(try await bobMemory.sessions(limit: 10, offset: 0).isEmpty)
        let id = session.id.lowercasedString
        await #expect(throws: CodexError.self) { try await bobMemory.session(id) }
        await #expect(throws: CodexError.self) { try await bobMemory.messages(in: session.id, after: 0, limit: nil) }
        await #expect(throws: CodexError.self) { try await bobMemory.append(NewMessage(role: .user, content: "x"), to: session.id) }
        await #expect(throws: CodexError.self) { try await bobMemory.renameSession(session.id, to: "mine") }
        await #expect(throws: CodexError.self) { try await bobMemory.deleteSession(session.id) }
        #expect(try await aliceMemory.sessions(limit: 10, offset: 0).map(\.session.id) == [session.id])
        #expect(try await aliceMemory.messages(in: session.id, after: 0, limit: nil).map(\.content) == ["salaries"])
        #expect(try await store.memory.sessionCount() == 1)
        // And a removed user's sessions stay, owned by nobody
        #expect(try await users.remove(name: "alice") == alice)
        #expect(try await users.user(presenting: aliceToken) == nil)
        #expect(try await store.memory.session(id).title == "payroll")
        #expect(try await store.memory.owned(by: alice.id).sessionCount() == 0)
    }

    @Test(arguments: StoreFactory.all)
    func aPrivateCollectionIsLeftOutOfEveryOtherUsersSearch(_ factory: StoreFactory) async throws {
        // Given a shared collection and alice's private one, both with vectors
        let dir = try TemporaryDirectory()
        let store = try factory.make(dir)
        let users = TeamUsers(store: store)
        let (alice, _) = try await users.add(name: "alice")
        let (bob, _) = try await users.add(name: "bob")
        let shared = try store.collections.findOrCreate(named: "handbook")
        try Self.store("/docs/shared.md", chunks: [("Shared", "the wombat policy")], in: shared, of: store)
        try await store.collections.makePrivate("diary", to: alice.id)
        let diary = try #require(try await store.collections.named("diary"))
        #expect(diary.ownerId == alice.id)
        try Self.store("/docs/diary.md", chunks: [("Diary", "the wombat secret")], in: diary, of: store)
        let identity = EmbedderIdentity(name: "test:hash", dimension: 2)
        for (name, collection) in [("handbook", shared), ("diary", diary)] {
            try await store.vectors.claim(collection: name, for: identity)
            let pending = try await store.vectors.chunksWithoutVector(inCollection: collection.id!, after: 0, limit: 5)
            try await store.vectors.write([(pending[0].id, [0.6, 0.8])], inCollection: collection.id!, embeddingMilliseconds: 1)
        }
        // Then bob's searches see only the shared one; alice's and the CLI's see both
        func paths(_ viewer: Int64?) async throws -> Set<String> {
            var scope = SearchScope()
            scope.viewer = viewer
            return Set(
                try await store.keywords.search(terms: ["wombat"], scope: scope, limit: 10, headingWeight: 2, matchBudget: 6_000)
                    .map(\.path))
        }
        #expect(try await paths(bob.id) == ["/docs/shared.md"])
        #expect(try await paths(alice.id) == ["/docs/shared.md", "/docs/diary.md"])
        #expect(try await paths(nil) == ["/docs/shared.md", "/docs/diary.md"])
        var bobs = SearchScope()
        bobs.viewer = bob.id
        #expect(try await store.vectors.searchTargets(for: identity, scope: bobs).collections == [shared.id!])
        #expect(try await store.vectors.coverage(for: identity, scope: bobs) == (1, 1))
        // And a collection cannot be taken private from its users, nor from its owner
        await #expect(throws: CodexError.self) { try await store.collections.makePrivate("handbook", to: bob.id) }
        await #expect(throws: CodexError.self) { try await store.collections.makePrivate("diary", to: bob.id) }
        try await store.collections.makePrivate("diary", to: alice.id)
        #expect(try await store.collections.summaries(only: "diary").first?.ownerId == alice.id)
    }

    static func paths(matching term: String, in store: CodexStore) async throws -> [String] {
        try await store.keywords.search(
            terms: [term], scope: SearchScope(), limit: 10, headingWeight: 2, matchBudget: 6_000
        ).map(\.path)
    }
}
