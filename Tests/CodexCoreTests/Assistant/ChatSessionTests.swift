import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct ChatSessionTests {
    func assistant(_ database: CodexDatabase, _ server: FixtureServer) -> Assistant {
        Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: [ModelFixtures.ollama(server)], logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
    }

    /// An Ollama reply that sends one piece and then nothing, until the client goes away.
    static func stalledAfter(_ piece: String) -> FixtureServer.Reply {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n"
        let line = #"{"model":"llama3.2","message":{"role":"assistant","content":"\#(piece)"},"done":false}"# + "\n"
        return FixtureServer.Reply(steps: [.write(Array((head + line).utf8)), .hold])
    }

    @Test func stoppingAReplyKeepsWhatArrivedMarkedStoppedAndStillFinishes() async throws {
        // Given a model that sends "Partial" and then stalls
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(try ModelFixtures.ollamaReady() + [Self.stalledAfter("Partial")])
        defer { ollama.stop() }
        let stop = ReplyStop()

        // When the user stops the reply after its first token (Ctrl-C in `codex chat`)
        var final: AssistantReply?
        for try await event in assistant(database, ollama).chat(.init(message: "Tell me a story"), stop: stop) {
            switch event {
            case .token: stop.stop()
            case .finished(let reply): final = reply
            default: break
            }
        }

        // Then the stream still ends with the reply, incomplete, and the store holds the partial text
        let reply = try #require(final)
        #expect(reply.incomplete)
        #expect(reply.error == "stopped")
        #expect(reply.answer == "Partial")
        let stored = try await SQLiteMemoryStore(database: database).messages(
            in: try #require(reply.sessionId), after: 0, limit: nil)
        #expect(stored.map(\.content) == ["Tell me a story", "Partial"])
        #expect(stored.last?.incomplete == true)
        #expect(stored.last?.error == "stopped")
        #expect(await ollama.waitForClientClose())
    }

    @Test func twoTurnsInOneSessionAreListedWithTheirModel() async throws {
        // Given two turns sent to the same session by reference prefix
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [ModelFixtures.ollamaStream(["Hello!"])]
                + [ModelFixtures.ollamaStream(["Again."])])
        defer { ollama.stop() }
        let assistant = assistant(database, ollama)
        var first: AssistantReply?
        for try await case .finished(let reply) in assistant.chat(.init(message: "Hi there")) { first = reply }
        let session = try #require(first?.sessionId)
        for try await _ in assistant.chat(
            .init(message: "Once more", session: String(session.lowercasedString.prefix(8))))
        {}

        // When listing sessions
        let listed = try await SQLiteMemoryStore(database: database).sessions(limit: 10, offset: 0)

        // Then the one session has four messages, its title from the first message, and the model
        #expect(listed.count == 1)
        #expect(listed.first?.messageCount == 4)
        #expect(listed.first?.session.title == "Hi there")
        #expect(listed.first?.session.model == "llama3.2")
    }
}
