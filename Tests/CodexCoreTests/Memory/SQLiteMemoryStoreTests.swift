import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct SQLiteMemoryStoreTests {
    func makeStore() throws -> (SQLiteMemoryStore, TemporaryDirectory) {
        let dir = try TemporaryDirectory()
        return (SQLiteMemoryStore(database: try CodexDatabase.open(at: dir.path + "/codex.sqlite")), dir)
    }

    @Test func messagesKeepOrderToolCallsCitationsAndTheSessionGetsATitle() async throws {
        let (store, dir) = try makeStore()
        _ = dir
        // Given a session with a question, a tool round and an answer
        let session = try await store.createSession(title: nil)
        _ = try await store.append(NewMessage(role: .user, content: "How do I rotate the key?\nThanks"), to: session.id)
        let call = ToolCall(id: "call_1", name: "search_docs", arguments: #"{"query":"rotate"}"#)
        _ = try await store.append(NewMessage(role: .assistant, content: "", toolCalls: [call]), to: session.id)
        _ = try await store.append(NewMessage(.toolResult("found it", for: call)), to: session.id)
        let citation = Citation(path: "/docs/keys.md", startLine: 3, endLine: 9)
        _ = try await store.append(
            NewMessage(role: .assistant, content: "Run vault rotate [1]", model: "llama3.2", provider: "ollama",
                       citations: [citation]), to: session.id)

        // When reading it back from the file, through a prefix of its id
        let found = try await store.session(String(session.id.lowercasedString.prefix(8)))
        let messages = try await store.messages(in: session.id, after: 0, limit: nil)

        // Then everything survived, in order
        #expect(found.title == "How do I rotate the key?")
        #expect(messages.map(\.seq) == [1, 2, 3, 4])
        #expect(messages.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(messages[1].toolCalls == [call])
        #expect(messages[2].toolCallId == "call_1" && messages[2].toolName == "search_docs")
        #expect(messages[3].citations == [citation])
        #expect(messages[3].model == "llama3.2")
        let listed = try await store.sessions(limit: 10, offset: 0)
        #expect(listed.first?.messageCount == 4)
        #expect(listed.first?.preview == "How do I rotate the key? Thanks")
    }

    @Test func aReplyIsRewrittenAsItStreamsAndKeepsPartialTextOnFailure() async throws {
        let (store, dir) = try makeStore()
        _ = dir
        let session = try await store.createSession(title: "t")
        let reply = try await store.append(NewMessage(role: .assistant, content: "", incomplete: true), to: session.id)
        try await store.updateReply(reply.id, with: ReplyOutcome(content: "Part", incomplete: true))
        try await store.updateReply(
            reply.id, with: ReplyOutcome(content: "Partial answer", incomplete: true, error: "connection lost"))
        let stored = try #require(try await store.messages(in: session.id, after: 0, limit: nil).first)
        #expect(stored.content == "Partial answer")
        #expect(stored.incomplete)
        #expect(stored.error == "connection lost")
    }

    @Test func renameDeleteAndUnknownIds() async throws {
        let (store, dir) = try makeStore()
        _ = dir
        let session = try await store.createSession(title: "old")
        _ = try await store.append(NewMessage(role: .user, content: "hi"), to: session.id)
        #expect(try await store.renameSession(session.id, to: "  new  ").title == "new")
        try await store.deleteSession(session.id)
        await #expect(throws: CodexError.sessionNotFound(session.id.lowercasedString)) {
            try await store.deleteSession(session.id)
        }
        await #expect(throws: CodexError.sessionNotFound("zzz")) { try await store.session("zzz") }
        #expect(try await store.sessions(limit: 10, offset: 0).isEmpty)
    }
}

struct ContextAssemblerTests {
    static func history(_ contents: [(ChatRole, String)]) -> [SessionMessage] {
        contents.enumerated().map { index, item in
            SessionMessage(
                id: Int64(index + 1), sessionId: UUID(), seq: index + 1,
                body: MessageBody(role: item.0, content: item.1, createdAt: Date()))
        }
    }

    @Test func keepsTheNewestThatFitAndReportsTheRestForTheSummary() {
        // Given six 46-token messages and room for about three
        let long = String(repeating: "word ", count: 40)
        let history = Self.history((0..<6).map { ($0 % 2 == 0 ? .user : .assistant, "\($0) " + long) })
        let assembler = ContextAssembler(contextLength: 200, replyReserve: 20)
        // When planning the next turn
        let plan = assembler.plan(
            system: "sys", summary: "", summarizedThrough: 0, history: history, newMessages: [.user("next")])
        // Then the newest messages are kept, in order, and the older ones are to be summarised
        #expect(plan.keptCount == 3)
        #expect(plan.messages.first?.role == .system)
        #expect(plan.messages.last == .user("next"))
        #expect(plan.unsummarized.map(\.seq) == [1, 2, 3])
        #expect(plan.estimatedTokens <= 180)
        #expect(!plan.overflows)
    }

    @Test func toolResultsTravelWithTheirCall() {
        var history = Self.history([(.user, "q"), (.assistant, ""), (.tool, String(repeating: "r", count: 400)), (.assistant, "a")])
        history[1].toolCalls = [ToolCall(id: "c", name: "search_docs", arguments: "{}")]
        // Room for the last answer and the tool result, but not for the call: neither is sent.
        let plan = ContextAssembler(contextLength: 150, replyReserve: 10)
            .plan(system: "s", summary: "", summarizedThrough: 0, history: history, newMessages: [.user("n")])
        #expect(!plan.messages.contains { $0.role == .tool } || plan.messages.contains { !$0.toolCalls.isEmpty })
        #expect(plan.messages.contains { $0.content == "a" })
    }

    @Test func summarisedMessagesAreNeverSentTwice() {
        let history = Self.history([(.user, "one"), (.assistant, "two"), (.user, "three")])
        let plan = ContextAssembler(contextLength: 4000)
            .plan(system: "s", summary: "they said one and two", summarizedThrough: 2, history: history, newMessages: [])
        #expect(plan.messages.map(\.content).filter { $0 == "one" || $0 == "two" }.isEmpty)
        #expect(plan.messages.contains { $0.content.contains("they said one and two") })
        #expect(plan.unsummarized.isEmpty)
    }
}
