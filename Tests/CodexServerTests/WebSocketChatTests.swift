import CodexCore
import CodexServer
import Foundation
import Synchronization
import Testing

struct WebSocketChatTests {
    /// Collects the server's messages until `count` of them have type `stop`.
    final class Received: Sendable {
        let messages = Mutex<[JSONValue]>([])
        var all: [JSONValue] { messages.withLock { $0 } }
        func types() -> [String] { all.compactMap { $0["type"]?.stringValue } }
    }

    @Test func severalTurnsAndACancelOnOneSocket() async throws {
        try await ServerFixture.run([
            .tokens(["I am", " Ada's assistant."]), .tokens(["Still here."]), .hold(first: "Once upon"),
        ]) {
            client, model, _ in
            let received = Received()
            let socket = try await WebSocketTestClient(port: try #require(client.port))
            /// Reads until a message of type `type`; returns it.
            func read(until type: String) async -> JSONValue? {
                while let message = await socket.next() {
                    guard case .text(let text) = message, let json = try? JSONValue.parse(text) else { continue }
                    received.messages.withLock { $0.append(json) }
                    if json["type"]?.stringValue == type { return json }
                }
                return nil
            }
            // First turn starts a session
            try socket.send(#"{"type":"chat","message":"Who are you?"}"#)
            let session = await read(until: "done")?["session_id"]?.stringValue ?? ""
            // Second turn continues it on the same socket
            try socket.send(#"{"type":"chat","message":"Still there?","session_id":"\#(session)"}"#)
            let second = await read(until: "done")
            #expect(second?["session_id"]?.stringValue == session)
            // Third turn is cancelled by a message after its first token
            try socket.send(#"{"type":"chat","message":"Tell a story","session_id":"\#(session)"}"#)
            _ = await read(until: "token")
            try socket.send(#"{"type":"cancel"}"#)
            _ = await read(until: "cancelled")
            socket.close()
            let tokens = received.all.filter { $0["type"]?.stringValue == "token" }.compactMap {
                $0["text"]?.stringValue
            }
            #expect(tokens == ["I am", " Ada's assistant.", "Still here.", "Once upon"])
            #expect(received.types().last == "cancelled")
            #expect(try await model.waitForClientClose())
            #expect(model.chatRequests.count == 3)
        }
    }

    @Test func malformedMessagesGetAnErrorAndTheSocketStaysOpen() async throws {
        try await ServerFixture.run { client, _, _ in
            let received = Received()
            let socket = try await WebSocketTestClient(port: try #require(client.port))
            try socket.send("not json")
            try socket.send(#"{"type":"chat","message":"Hi"}"#)
            while let message = await socket.next() {
                guard case .text(let text) = message, let json = try? JSONValue.parse(text) else { continue }
                received.messages.withLock { $0.append(json) }
                if json["type"]?.stringValue == "done" { break }
            }
            socket.close()
            #expect(received.types().first == "error")
            #expect(received.all.first?["error"]?["type"]?.stringValue == "invalid_input")
            #expect(received.types().last == "done")
        }
    }

    @Test func aSessionIdPrefixGetsAnErrorNotTheSession() async throws {
        try await ServerFixture.run { client, model, fixture in
            let session = try await fixture.seedSession(client)
            let before = try await fixture.snapshot()
            let socket = try await WebSocketTestClient(port: try #require(client.port))
            try socket.send(#"{"type":"chat","message":"Hi","session_id":"\#(session.prefix(1))"}"#)
            let reply = await socket.next()
            socket.close()
            guard case .text(let text) = reply else {
                Issue.record("expected a text message, got \(String(describing: reply))")
                return
            }
            let json = try JSONValue.parse(text)
            #expect(json["type"]?.stringValue == "error")
            #expect(json["error"]?["type"]?.stringValue == "not_found")
            #expect(try await fixture.snapshot() == before)
            #expect(model.chatRequests.count == 1)
        }
    }

    @Test func aMessageOverTheFrameCapClosesTheSocket() async throws {
        try await ServerFixture.run { client, model, _ in
            let socket = try await WebSocketTestClient(port: try #require(client.port))
            defer { socket.close() }
            let big = #"{"type":"chat","message":""# + String(repeating: "a", count: 2 << 20) + #""}"#
            // Read while sending: the server closes before it has read the whole frame.
            async let reply = socket.next()
            _ = try? await onOwnThread { try socket.send(big) }
            #expect(await reply == .close(code: 1009))  // 1009: message too big
            #expect(model.chatRequests.isEmpty)
        }
    }
}
