import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// With no model anywhere, answers quoted from the documents are kept in sessions like written
/// ones (mode, citations, no model), so the air-gapped flow — ingest, ask, export — has something
/// to export.
struct ExtractiveSessionTests {
    func assistant(_ database: CodexDatabase, endpoints: [ProviderEndpoint] = []) -> Assistant {
        Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: endpoints, logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
    }

    func reply(_ stream: AsyncThrowingStream<AssistantEvent, any Error>) async throws -> AssistantReply {
        var last: AssistantReply?
        for try await event in stream { if case .finished(let reply) = event { last = reply } }
        return try #require(last)
    }

    @Test(arguments: [false, true])
    func askWithASessionAndNoModelKeepsTheQuotedAnswer(generate: Bool) async throws {
        // Given the handbook and no model server (none configured, or --no-generate)
        let database = try StoreFixture.database(StoreFixture.handbook)
        let closed = try ModelFixtures.closedPortServer()

        // When asking into a new session
        let answer = try await reply(
            assistant(database, endpoints: [ModelFixtures.ollama(closed)]).ask(
                .init(question: "How do I rotate the signing key?", generate: generate, session: "new")))

        // Then the extractive answer is stored: the question, then the reply with its mode and citations
        #expect(answer.mode == .extractive)
        let id = try #require(answer.sessionId)
        let messages = try await SQLiteMemoryStore(database: database).messages(in: id)
        #expect(messages.map(\.role) == [.user, .assistant])
        #expect(messages[0].content == "How do I rotate the signing key?")
        #expect(messages[1].content == answer.answer)
        #expect(messages[1].mode == .extractive)
        #expect(messages[1].model == nil && messages[1].provider == nil && !messages[1].incomplete)
        #expect(messages[1].citations == answer.citations.map(\.citation))
        #expect(messages[1].citations.contains { $0.path == "/docs/security.md" })
    }

    @Test func askWithoutASessionRecordsNothing() async throws {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let answer = try await reply(assistant(database).ask(.init(question: "rotate the signing key")))
        #expect(answer.sessionId == nil)
        #expect(try await SQLiteMemoryStore(database: database).sessions(limit: 10, offset: 0).isEmpty)
    }

    @Test func chatWithNoModelQuotesTheDocumentsAndKeepsTheTurn() async throws {
        // Given the handbook and no model server
        let database = try StoreFixture.database(StoreFixture.handbook)
        let closed = try ModelFixtures.closedPortServer()
        let chat = assistant(database, endpoints: [ModelFixtures.ollama(closed)])

        // When two messages are sent in one session
        let first = try await reply(chat.chat(.init(message: "How often do I rotate the signing key?")))
        let session = try #require(first.sessionId)
        let second = try await reply(chat.chat(.init(message: "How do I upgrade?", session: session.uuidString)))

        // Then both are answered from the documents and all four messages are stored, replies extractive
        #expect(first.mode == .extractive && second.mode == .extractive)
        #expect(first.answer.contains("90 days") && first.hint?.contains("ollama serve") == true)
        #expect(second.sessionId == session && second.citations.contains { $0.path == "/docs/install.md" })
        let messages = try await SQLiteMemoryStore(database: database).messages(in: session)
        #expect(messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(messages.map(\.mode) == [nil, .extractive, nil, .extractive])
        #expect(messages[3].id == second.messageId && messages[3].content == second.answer)
        #expect(messages[3].citations == second.citations.map(\.citation))
    }

    @Test func chatWithNoModelAndNoDocumentsStillSaysNoModelAnswered() async throws {
        // Given an empty store and no model server
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")

        // When a message is sent
        let error = await #expect(throws: CodexError.self) {
            _ = try await reply(assistant(database).chat(.init(message: "Hello")))
        }

        // Then the provider error is reported, and only the user's message is kept
        #expect(error?.kind == .provider)
        let sessions = try await SQLiteMemoryStore(database: database).sessions(limit: 10, offset: 0)
        #expect(sessions.count == 1 && sessions.first?.messageCount == 1)
    }

    @Test func aGeneratedChatReplyIsRecordedAsGenerated() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(try ModelFixtures.ollamaReady() + [ModelFixtures.ollamaStream(["Hi."])])
        defer { ollama.stop() }
        let answer = try await reply(
            assistant(database, endpoints: [ModelFixtures.ollama(ollama)]).chat(.init(message: "Hi")))
        let messages = try await SQLiteMemoryStore(database: database).messages(in: try #require(answer.sessionId))
        #expect(messages.map(\.mode) == [nil, .generated])
    }
}
