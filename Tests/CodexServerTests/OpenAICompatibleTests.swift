import CodexCore
import CodexServer
import Foundation
import HTTPTypes
import Hummingbird
import Testing

struct OpenAICompatibleTests {
    static let weatherTool = #"[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]"#

    @Test func completionWithoutStreaming() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.post(
                "/v1/chat/completions", json: #"{"model":"codex","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == .ok)
            #expect(response.json["object"]?.stringValue == "chat.completion")
            #expect(response.json["model"]?.stringValue == "llama3.2")
            #expect(response.json["choices"]?[0]?["message"]?["content"]?.stringValue == "Hello from the fixture.")
            #expect(response.json["choices"]?[0]?["finish_reason"]?.stringValue == "stop")
            #expect(response.json["usage"]?["completion_tokens"]?.intValue == 3)
        }
    }

    @Test func completionStreamsChunksThenDone() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.post(
                "/v1/chat/completions",
                json: #"{"messages":[{"role":"system","content":"Be brief"},{"role":"user","content":[{"type":"text","text":"Hi"}]}],"stream":true}"#)
            let frames = response.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
            #expect(frames.last == "data: [DONE]")
            let chunks = frames.dropLast().compactMap { try? JSONValue.parse(String($0.dropFirst(6))) }
            #expect(chunks.allSatisfy { $0["object"]?.stringValue == "chat.completion.chunk" })
            #expect(chunks.first?["choices"]?[0]?["delta"]?["role"]?.stringValue == "assistant")
            let text = chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
            #expect(text == "Hello from the fixture.")
            #expect(chunks.last?["choices"]?[0]?["finish_reason"]?.stringValue == "stop")
        }
    }

    @Test(arguments: [false, true])
    func toolCallsPassThrough(stream: Bool) async throws {
        try await ServerFixture.run([.toolCall(name: "get_weather", arguments: #"{"city":"Tokyo"}"#)]) { client, model, _ in
            // Given a request offering a tool
            let response = try await client.post(
                "/v1/chat/completions",
                json: #"{"messages":[{"role":"user","content":"Weather in Tokyo?"}],"tools":\#(Self.weatherTool),"stream":\#(stream)}"#)
            // Then the model was offered the tool, and its call comes back in OpenAI's shape
            #expect(model.chatRequests.first?["tools"]?[0]?["function"]?["name"]?.stringValue == "get_weather")
            let call: JSONValue?
            if stream {
                let chunks = response.text.components(separatedBy: "\n\n").compactMap { try? JSONValue.parse(String($0.dropFirst(6))) }
                call = chunks.compactMap { $0["choices"]?[0]?["delta"]?["tool_calls"]?[0] }.first
                #expect(chunks.last?["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls")
            } else {
                call = response.json["choices"]?[0]?["message"]?["tool_calls"]?[0]
                #expect(response.json["choices"]?[0]?["finish_reason"]?.stringValue == "tool_calls")
            }
            #expect(call?["function"]?["name"]?.stringValue == "get_weather")
            #expect(try call?["function"]?["arguments"]?.stringValue.map { try JSONValue.parse($0) } == ["city": "Tokyo"])
        }
    }

    @Test func toolResultsGoBackToTheModel() async throws {
        try await ServerFixture.run { client, model, _ in
            _ = try await client.post(
                "/v1/chat/completions",
                json: #"{"messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Tokyo\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"22 C"}]}"#)
            let sent = model.chatRequests.first?["messages"]?.arrayValue ?? []
            #expect(sent.map { $0["role"]?.stringValue } == ["user", "assistant", "tool"])
            #expect(sent.last?["content"]?.stringValue == "22 C")
        }
    }

    @Test func sessionHeaderKeepsTheExchange() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.post(
                "/v1/chat/completions", json: #"{"messages":[{"role":"user","content":"Remember me"}]}"#,
                headers: [HTTPField.Name("X-Codex-Session")!: "new"])
            let session = try #require(response.headers[HTTPField.Name("X-Codex-Session")!])
            let messages = try await client.get("/memory/\(session)").json["messages"]?.arrayValue ?? []
            #expect(messages.compactMap { $0["content"]?.stringValue } == ["Remember me", "Hello from the fixture."])
        }
    }

    @Test func modelsListsWhatTheProvidersServe() async throws {
        try await ServerFixture.run { client, _, _ in
            let models = try await client.get("/v1/models").json
            #expect(models["object"]?.stringValue == "list")
            #expect(models["data"]?.arrayValue?.map { $0["id"]?.stringValue } == ["llama3.2"])
            #expect(models["data"]?[0]?["owned_by"]?.stringValue == "ollama")
        }
    }

    @Test func emptyMessagesIsABadRequest() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.post("/v1/chat/completions", json: #"{"messages":[]}"#)
            #expect(response.status == .badRequest)
        }
    }
}
