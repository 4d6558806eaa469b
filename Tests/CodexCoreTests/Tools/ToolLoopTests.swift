import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// A scripted loopback model asks for tools over several rounds; the assistant runs them, stores
/// every call and result, and sends them back until the model answers in text.
struct ToolLoopTests {
    /// An Ollama NDJSON reply asking for whole tool calls (the F2 shape).
    static func ollamaToolCalls(_ calls: [(name: String, arguments: JSONValue)]) -> FixtureServer.Reply {
        let encoded = calls.map { call -> JSONValue in
            ["function": ["name": .string(call.name), "arguments": call.arguments]]
        }
        let first: JSONValue = [
            "model": "llama3.2", "message": ["role": "assistant", "content": "", "tool_calls": .array(encoded)],
            "done": false,
        ]
        let last = #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#
        return .status(
            200, reason: "OK", headers: ["Content-Type: application/x-ndjson"],
            body: first.jsonString + "\n" + last + "\n")
    }

    /// An OpenAI SSE reply asking for one tool call whose arguments arrive in `pieces`.
    static func openAIToolCall(id: String, name: String, pieces: [String]) -> FixtureServer.Reply {
        func chunk(_ delta: JSONValue, finish: JSONValue = .null) -> String {
            let body: JSONValue = [
                "id": "c1", "object": "chat.completion.chunk", "model": "local",
                "choices": [["index": 0, "delta": delta, "finish_reason": finish]],
            ]
            return "data: \(body.jsonString)\n\n"
        }
        var body = chunk([
            "role": "assistant",
            "tool_calls": [
                [
                    "index": 0, "id": .string(id), "type": "function",
                    "function": ["name": .string(name), "arguments": ""],
                ]
            ],
        ])
        for piece in pieces {
            body += chunk(["tool_calls": [["index": 0, "function": ["arguments": .string(piece)]]]])
        }
        body += chunk([:], finish: "tool_calls") + "data: [DONE]\n\n"
        return .status(200, reason: "OK", headers: ["Content-Type: text/event-stream"], body: body)
    }

    static func openAIText(_ text: String) -> FixtureServer.Reply {
        let delta: JSONValue = [
            "id": "c2", "object": "chat.completion.chunk", "model": "local",
            "choices": [["index": 0, "delta": ["content": .string(text)], "finish_reason": .null]],
        ]
        let done: JSONValue = [
            "id": "c2", "object": "chat.completion.chunk", "model": "local",
            "choices": [["index": 0, "delta": [:], "finish_reason": "stop"]],
        ]
        return .status(
            200, reason: "OK", headers: ["Content-Type: text/event-stream"],
            body: "data: \(delta.jsonString)\n\ndata: \(done.jsonString)\n\ndata: [DONE]\n\n")
    }

    func assistant(_ database: CodexDatabase, _ endpoint: ProviderEndpoint) -> Assistant {
        Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: [endpoint], logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
    }

    func tools(_ dir: TemporaryDirectory) -> ToolRegistry {
        ToolRegistry(
            tools: ToolRegistry.builtins.filter { $0.name != "shell" },
            context: ToolContext(
                roots: AllowedRoots([dir.path + "/work"], workingDirectory: dir.path + "/work"),
                workingDirectory: dir.path + "/work"))
    }

    func run(_ stream: AsyncThrowingStream<AssistantEvent, any Error>) async throws -> (
        AssistantReply, [AssistantEvent]
    ) {
        var events: [AssistantEvent] = []
        for try await event in stream { events.append(event) }
        guard case .finished(let reply) = events.last else { throw CodexError.internal("no finished event") }
        return (reply, events)
    }

    @Test func ollamaToolCallsOverSeveralRoundsAreRunStoredAndSentBack() async throws {
        // Given a folder with notes and a model that lists files and mis-calls read_file, then reads, then answers
        let dir = try TemporaryDirectory()
        try dir.write("work/notes.txt", "The launch code is 4711.\n")
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        // (the route worked out for the first round, model details included, serves the next ones)
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [
                Self.ollamaToolCalls([("list_files", [:]), ("read_file", ["path": 5])]),
                Self.ollamaToolCalls([("read_file", ["path": "notes.txt"])]),
                ModelFixtures.ollamaStream(["The code is ", "4711."]),
            ])
        defer { ollama.stop() }

        // When chatting with tools
        let (reply, events) = try await run(
            assistant(database, ModelFixtures.ollama(ollama)).chat(
                .init(message: "What is the launch code?", tools: tools(dir))))

        // Then the answer comes after three tool results, shown as events
        #expect(reply.answer == "The code is 4711.")
        let results = events.compactMap { if case .toolResult(let result) = $0 { result } else { nil } }
        #expect(results.map(\.call.name) == ["list_files", "read_file", "read_file"])
        #expect(results.map(\.isError) == [false, true, false])

        // And the model was offered the tools and given each result back
        let chats = ollama.requests.filter { $0.path == "/api/chat" }
        #expect(chats.count == 3)
        #expect(chats[0].json?["tools"]?.arrayValue?.contains { $0["function"]?["name"] == "csv_summary" } == true)
        let lastMessages = chats[2].json?["messages"]?.arrayValue ?? []
        let toolContents = lastMessages.filter { $0["role"] == "tool" }.compactMap { $0["content"]?.stringValue }
        #expect(toolContents.count == 3)
        #expect(toolContents[0].contains("notes.txt"))
        #expect(toolContents[1].contains("argument `path` must be a string"))
        #expect(toolContents[2] == "The launch code is 4711.")

        // And the session holds every call and result, in order
        let stored = try await SQLiteMemoryStore(database: database).messages(
            in: try #require(reply.sessionId), after: 0, limit: nil)
        #expect(stored.map(\.role) == [.user, .assistant, .tool, .tool, .assistant, .tool, .assistant])
        #expect(stored[1].toolCalls.map(\.name) == ["list_files", "read_file"])
        #expect(stored[5].toolName == "read_file" && stored[5].content == "The launch code is 4711.")
        #expect(stored.last?.content == "The code is 4711.")
        #expect(stored.allSatisfy { !$0.incomplete })
    }

    @Test func openAIArgumentsSplitAcrossChunksAreJoinedBeforeTheToolRuns() async throws {
        // Given an OpenAI-compatible server whose tool call arguments arrive in three pieces
        let dir = try TemporaryDirectory()
        try dir.write("work/people.csv", "name,age\nada,36\nbob,41\n")
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let llama = try FixtureServer(
            try Transcript.load("openai/models").reply(), try Transcript.load("openai/models").reply(),
            Self.openAIToolCall(id: "call_abc", name: "csv_summary", pieces: [#"{"pa"#, #"th": "peop"#, #"le.csv"}"#]),
            Self.openAIText("Two people, mean age 38.5."))
        defer { llama.stop() }

        // When chatting with tools
        let (reply, _) = try await run(
            assistant(database, ModelFixtures.openAICompatible(llama)).chat(
                .init(message: "Summarise people.csv", tools: tools(dir))))

        // Then the joined call ran, its result went back under the call's id, and the answer is stored
        #expect(reply.answer == "Two people, mean age 38.5.")
        let second = try #require(llama.requests.filter { $0.path.hasSuffix("/chat/completions") }.last?.json)
        let toolMessage = try #require(second["messages"]?.arrayValue?.first { $0["role"] == "tool" })
        #expect(toolMessage["tool_call_id"] == "call_abc")
        #expect(
            toolMessage["content"]?.stringValue?.contains("- age (integer): 0 missing, min 36, max 41, mean 38.5")
                == true)
        let echoed = second["messages"]?.arrayValue?.first { $0["role"] == "assistant" }
        #expect(echoed?["tool_calls"]?[0]?["function"]?["arguments"] == #"{"path": "people.csv"}"#)
        let stored = try await SQLiteMemoryStore(database: database).messages(
            in: try #require(reply.sessionId), after: 0, limit: nil)
        #expect(stored.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(stored[2].toolCallId == "call_abc")
    }

    @Test func afterTheLastRoundNoToolsAreOffered() async throws {
        // Given a model that calls a tool, and a limit of one round
        let dir = try TemporaryDirectory()
        try dir.write("work/a.txt", "a\n")
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [
                Self.ollamaToolCalls([("list_files", [:])]),
                ModelFixtures.ollamaStream(["done"]),
            ])
        defer { ollama.stop() }
        let (reply, _) = try await run(
            assistant(database, ModelFixtures.ollama(ollama)).chat(
                .init(message: "List", tools: tools(dir), maxToolRounds: 1)))

        // Then the second request offers no tools, so the model must answer
        let chats = ollama.requests.filter { $0.path == "/api/chat" }
        #expect(chats.count == 2)
        #expect(chats[0].json?["tools"] != nil)
        #expect(chats[1].json?["tools"] == nil)
        #expect(reply.answer == "done")
    }

    @Test func aModelWithoutToolSupportIsToldOnceAndAnswersWithoutTools() async throws {
        // Given Ollama refusing tools for this model
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let refusal = FixtureServer.Reply.status(
            400, reason: "Bad Request", headers: ["Content-Type: application/json"],
            body: #"{"error":"registry.ollama.ai/library/gemma:2b does not support tools"}"#)
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [refusal] + (try ModelFixtures.ollamaReady())
                + [ModelFixtures.ollamaStream(["Hello."])])
        defer { ollama.stop() }

        // When chatting with tools
        let (reply, events) = try await run(
            assistant(database, ModelFixtures.ollama(ollama)).chat(.init(message: "Hi", tools: tools(dir))))

        // Then one notice says so, the answer comes without tools, and no fallback is reported
        let notices = events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        #expect(notices.count == 1)
        #expect(notices.first?.contains("does not support tools") == true)
        #expect(!events.contains { if case .fellBack = $0 { true } else { false } })
        #expect(reply.answer == "Hello.")
        let chats = ollama.requests.filter { $0.path == "/api/chat" }
        #expect(chats.last?.json?["tools"] == nil)
    }
}
