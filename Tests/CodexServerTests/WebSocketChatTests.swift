import CodexCore
import CodexServer
import Foundation
import HummingbirdWSClient
import Logging
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
            let port = try #require(client.port)
            try await WebSocketClient.connect(url: "ws://localhost:\(port)/chat/ws", logger: ServerFixture.logger) {
                inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                /// Reads until a message of type `type`; returns it.
                func read(until type: String) async throws -> JSONValue? {
                    while let message = try await messages.next() {
                        guard case .text(let text) = message, let json = try? JSONValue.parse(text) else { continue }
                        received.messages.withLock { $0.append(json) }
                        if json["type"]?.stringValue == type { return json }
                    }
                    return nil
                }
                // First turn starts a session
                try await outbound.write(.text(#"{"type":"chat","message":"Who are you?"}"#))
                let session = try await read(until: "done")?["session_id"]?.stringValue ?? ""
                // Second turn continues it on the same socket
                try await outbound.write(.text(#"{"type":"chat","message":"Still there?","session_id":"\#(session)"}"#))
                let second = try await read(until: "done")
                #expect(second?["session_id"]?.stringValue == session)
                // Third turn is cancelled by a message after its first token
                try await outbound.write(.text(#"{"type":"chat","message":"Tell a story","session_id":"\#(session)"}"#))
                _ = try await read(until: "token")
                try await outbound.write(.text(#"{"type":"cancel"}"#))
                _ = try await read(until: "cancelled")
                try await outbound.close(.normalClosure, reason: nil)
            }
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
            let port = try #require(client.port)
            try await WebSocketClient.connect(url: "ws://localhost:\(port)/chat/ws", logger: ServerFixture.logger) {
                inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                try await outbound.write(.text("not json"))
                try await outbound.write(.text(#"{"type":"chat","message":"Hi"}"#))
                while let message = try await messages.next() {
                    guard case .text(let text) = message, let json = try? JSONValue.parse(text) else { continue }
                    received.messages.withLock { $0.append(json) }
                    if json["type"]?.stringValue == "done" { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(received.types().first == "error")
            #expect(received.all.first?["error"]?["type"]?.stringValue == "invalid_input")
            #expect(received.types().last == "done")
        }
    }

    @Test func aSessionIdPrefixGetsAnErrorNotTheSession() async throws {
        try await ServerFixture.run { client, model, fixture in
            let session = try await fixture.seedSession(client)
            let before = try await fixture.snapshot()
            let received = Received()
            let port = try #require(client.port)
            try await WebSocketClient.connect(url: "ws://localhost:\(port)/chat/ws", logger: ServerFixture.logger) {
                inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                try await outbound.write(.text(#"{"type":"chat","message":"Hi","session_id":"\#(session.prefix(1))"}"#))
                if case .text(let text) = try await messages.next(), let json = try? JSONValue.parse(text) {
                    received.messages.withLock { $0.append(json) }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(received.types() == ["error"])
            #expect(received.all.first?["error"]?["type"]?.stringValue == "not_found")
            #expect(try await fixture.snapshot() == before)
            #expect(model.chatRequests.count == 1)
        }
    }

    @Test func aMessageOverTheFrameCapClosesTheSocket() async throws {
        try await ServerFixture.run { client, model, _ in
            let port = try #require(client.port)
            let big = #"{"type":"chat","message":""# + String(repeating: "a", count: 2 << 20) + #""}"#
            let close = try await WebSocketClient.connect(
                url: "ws://localhost:\(port)/chat/ws", configuration: .init(maxFrameSize: 4 << 20),
                logger: ServerFixture.logger
            ) { inbound, outbound, _ in
                try await outbound.write(.text(big))
                for try await _ in inbound.messages(maxSize: 1 << 20) {}
            }
            #expect(close?.closeCode == .messageTooLarge)
            #expect(model.chatRequests.isEmpty)
        }
    }
}
