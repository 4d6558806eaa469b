import CodexCore
import CodexServer
import Foundation
import Hummingbird
import Testing

struct ChatRouteTests {
    @Test func chatAnswersAndRemembersTheTurn() async throws {
        try await ServerFixture.run { client, model, _ in
            // Given a server whose model answers "Hello from the fixture."
            // When a message is posted
            let response = try await client.post("/chat", json: #"{"message":"Hi there"}"#)
            // Then the reply comes back with its session, and memory holds both sides of the turn
            #expect(response.status == .ok)
            #expect(response.json["reply"]?.stringValue == "Hello from the fixture.")
            let session = try #require(response.json["session_id"]?.stringValue)
            let messages = try await client.get("/memory/\(session)").json["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant"])
            #expect(model.chatRequests.count == 1)
        }
    }

    @Test func chatStreamsServerSentEvents() async throws {
        try await ServerFixture.run([.tokens(["One", " two", " three."])]) { client, _, _ in
            // When the client asks for a stream
            let response = try await client.post("/chat", json: #"{"message":"Count","stream":true}"#)
            // Then tokens arrive as SSE frames, ending with `done` that names the stored message
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let stream = EventStream(response.text)
            #expect(stream.names == ["routed", "token", "token", "token", "done"])
            #expect(stream.text == "One two three.")
            #expect(stream.first("done")?["message_id"]?.intValue != nil)
            #expect(stream.first("done")?["usage"]?["completion_tokens"]?.intValue == 3)
            #expect(response.text.hasSuffix("\n\n"))
        }
    }

    @Test func chatWithToolsRunsTheLoopAndStreamsCallsAndResults() async throws {
        let script: [FixtureModel.Script] = [
            .toolCall(name: "list_files", arguments: #"{"path":"Sources"}"#), .tokens(["Found them."]),
        ]
        try await ServerFixture.run(script) { client, model, _ in
            // When a message offers the list_files tool and the model calls it
            let response = try await client.post(
                "/chat", json: #"{"message":"What is in Sources?","tools":["list_files"],"stream":true}"#)
            // Then the call and its result stream as events, the model gets the result, and memory keeps the round
            let stream = EventStream(response.text)
            #expect(stream.names.contains("tool_call"))
            #expect(stream.names.contains("tool_result"))
            #expect(stream.text == "Found them.")
            let sent = model.chatRequests.last?["messages"]?.arrayValue ?? []
            #expect(
                sent.contains {
                    $0["role"]?.stringValue == "tool" && $0["content"]?.stringValue?.contains("CodexCore") == true
                })
            #expect(model.chatRequests.first?["tools"]?[0]?["function"]?["name"]?.stringValue == "list_files")
            let session = try #require(stream.first("done")?["session_id"]?.stringValue)
            let messages = try await client.get("/memory/\(session)").json["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant", "tool", "assistant"])
        }
    }

    @Test func toolsFollowTheUsersSettings() async throws {
        // Given a user whose settings allow no rounds of tool calls
        let settings = Settings(values: [.maxToolRounds: "0"])
        try await ServerFixture.run([.tokens(["No tools."])], settings: settings) { client, model, _ in
            // When a request offers a tool
            let response = try await client.post(
                "/chat", json: #"{"message":"What is in Sources?","tools":["list_files"]}"#)
            // Then the server follows the setting: the model is offered no tool at all
            #expect(response.status == .ok)
            let offered = model.chatRequests.first?["tools"]?.arrayValue ?? []
            #expect(offered.isEmpty)
        }
    }

    @Test func acceptHeaderAlsoSelectsTheEventStream() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.post(
                "/chat", json: #"{"message":"Hi"}"#, headers: [.accept: "text/event-stream"])
            #expect(EventStream(response.text).names.last == "done")
        }
    }

    @Test func laterTurnsContinueTheSession() async throws {
        try await ServerFixture.run([.tokens(["Hi Ada."]), .tokens(["You are Ada."])]) { client, model, _ in
            let first = try await client.post("/chat", json: #"{"message":"I am Ada"}"#)
            let session = try #require(first.json["session_id"]?.stringValue)
            let second = try await client.post("/chat", json: #"{"message":"Who am I?","session_id":"\#(session)"}"#)
            #expect(second.json["session_id"]?.stringValue == session)
            // The model saw the earlier turn
            let history =
                model.chatRequests.last?["messages"]?.arrayValue?.compactMap { $0["content"]?.stringValue } ?? []
            #expect(history.contains("I am Ada") && history.contains("Hi Ada."))
        }
    }

    @Test(arguments: [
        (#"{"message":"  "}"#, HTTPResponse.Status.badRequest, "invalid_input"),
        (#"{"message":"Hi","session_id":"ffffffff"}"#, .notFound, "not_found"),
        (#"{"nothing":1}"#, .badRequest, "invalid_input"),
        (#"{"message":"Hi","tools":["shell"]}"#, .badRequest, "invalid_input"),
    ])
    func badRequestsGetTheErrorShape(body: String, status: HTTPResponse.Status, type: String) async throws {
        try await ServerFixture.run { client, model, _ in
            let response = try await client.post("/chat", json: body)
            #expect(response.status == status)
            #expect(response.json["error"]?["type"]?.stringValue == type)
            #expect(response.json["error"]?["message"]?.stringValue?.isEmpty == false)
            #expect(response.json["error"]?["hint"]?.stringValue != nil)
            #expect(model.chatRequests.isEmpty)
        }
    }

    @Test func noReachableModelIsABadGateway() async throws {
        try await ServerFixture.run([.failure(status: 404, message: "model \"llama3.2\" not found")]) { client, _, _ in
            let response = try await client.post("/chat", json: #"{"message":"Hi"}"#)
            #expect(response.status == .badGateway)
            #expect(response.json["error"]?["type"]?.stringValue == "provider")
        }
    }

    @Test func clientHangingUpCancelsTheModelRequest() async throws {
        try await ServerFixture.run([.hold(first: "Partial")]) { client, model, fixture in
            // Given a stream that has delivered its first token
            let connection = try RawHTTPConnection(port: try #require(client.port))
            try connection.post("/chat", json: #"{"message":"Write a long story","stream":true}"#)
            let head = await connection.read(until: "Partial")
            #expect(head.contains("event: token"), "\(head)")
            // When the client hangs up
            connection.close()
            // Then the model server sees its request closed, and the partial reply is kept
            #expect(try await model.waitForClientClose())
            var stored: SessionMessage?
            for _ in 0..<500 {
                if let session = try await fixture.services.memory(for: nil).sessions(limit: 1, offset: 0).first?.session.id {
                    stored = try await fixture.services.memory(for: nil).messages(in: session, after: 0, limit: nil).last
                }
                if stored?.content == "Partial" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(stored?.role == .assistant)
            #expect(stored?.content == "Partial")
        }
    }
}
