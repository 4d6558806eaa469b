import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct AssistantTests {
    func assistant(_ database: CodexDatabase, endpoints: [ProviderEndpoint]) -> Assistant {
        Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: endpoints, logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
    }

    func finished(_ stream: AsyncThrowingStream<AssistantEvent, any Error>) async throws -> (
        AssistantReply, [AssistantEvent]
    ) {
        var events: [AssistantEvent] = []
        for try await event in stream { events.append(event) }
        guard case .finished(let reply) = events.last else { throw CodexError.internal("no finished event") }
        return (reply, events)
    }

    @Test func askSendsNumberedPassagesAndCitesWhatTheModelUsed() async throws {
        // Given the handbook and a model that answers citing passage 1
        let database = try StoreFixture.database(StoreFixture.handbook)
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [
                ModelFixtures.ollamaStream(["Run `vault rotate signing` ", "every 90 days [1]."])
            ])
        defer { ollama.stop() }
        let assistant = assistant(database, endpoints: [ModelFixtures.ollama(ollama)])

        // When asking
        let (reply, events) = try await finished(assistant.ask(.init(question: "How do I rotate the signing key?")))

        // Then the model saw the passage, the reply streamed, and only passage 1 is cited
        let prompt = ollama.requests.last?.json?["messages"]?[1]?["content"]?.stringValue ?? ""
        #expect(prompt.contains("[1] /docs/security.md:5-8"))
        #expect(prompt.contains("Rotate the signing key every 90 days"))
        #expect(events.contains { if case .token = $0 { true } else { false } })
        #expect(reply.mode == .generated)
        #expect(reply.answer == "Run `vault rotate signing` every 90 days [1].")
        #expect(reply.citations.map(\.number) == [1])
        #expect(reply.citations.first?.path == "/docs/security.md")
        #expect(reply.provider == "ollama")
    }

    @Test func withNoModelRunningAskQuotesThePassagesAndSaysHowToGetMore() async throws {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let closed = try ModelFixtures.closedPortServer()
        let (reply, _) = try await finished(
            assistant(database, endpoints: [ModelFixtures.ollama(closed)]).ask(
                .init(question: "rotate the signing key")))
        #expect(reply.mode == .extractive)
        #expect(reply.answer.contains("Rotate the signing key every 90 days"))
        #expect(reply.hint?.contains("ollama serve") == true)
    }

    @Test func chatRemembersTheConversationAndSendsItBack() async throws {
        // Given two turns in one session (the second reuses the probe and the route of the first)
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [ModelFixtures.ollamaStream(["Hi, ", "Ada."])]
                + [ModelFixtures.ollamaStream(["Your name is Ada."])])
        defer { ollama.stop() }
        let assistant = assistant(database, endpoints: [ModelFixtures.ollama(ollama)])
        let (first, _) = try await finished(assistant.chat(.init(message: "My name is Ada.")))
        let session = try #require(first.sessionId)

        // When the second turn is sent in the same session
        let (second, _) = try await finished(
            assistant.chat(.init(message: "What is my name?", session: session.uuidString)))

        // Then the model received the first exchange, and all four messages are stored complete
        let sent = ollama.requests.last?.json?["messages"]
        let contents = (0..<6).compactMap { sent?[$0]?["content"]?.stringValue }
        #expect(contents.contains("My name is Ada."))
        #expect(contents.contains("Hi, Ada."))
        #expect(contents.last == "What is my name?")
        #expect(second.answer == "Your name is Ada.")
        let stored = try await SQLiteMemoryStore(database: database).messages(in: session, after: 0, limit: nil)
        #expect(stored.map(\.content) == ["My name is Ada.", "Hi, Ada.", "What is my name?", "Your name is Ada."])
        #expect(stored.allSatisfy { !$0.incomplete })
        #expect(stored[1].model == "llama3.2" && stored[1].provider == "ollama")
    }

    @Test func aReplyCutShortIsKeptAndMarkedIncomplete() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [try Transcript.load("ollama/F3c-mid-stream-error").reply()])
        defer { ollama.stop() }
        let (reply, _) = try await finished(
            assistant(database, endpoints: [ModelFixtures.ollama(ollama)]).chat(.init(message: "Is it up?")))
        #expect(reply.incomplete)
        #expect(reply.answer == " Yes")
        let stored = try await SQLiteMemoryStore(database: database).messages(
            in: try #require(reply.sessionId), after: 0, limit: nil)
        #expect(stored.last?.content == " Yes")
        #expect(stored.last?.incomplete == true)
        #expect(stored.last?.error?.contains("error was encountered") == true)
    }
}
