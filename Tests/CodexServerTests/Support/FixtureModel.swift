import CodexCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization

/// A scripted Ollama on an ephemeral loopback port: `/api/version`, `/api/show`, `/api/tags`, and
/// `/api/chat` answering each request with the next script (a default reply when none is left).
/// It records the chat requests and notices when a client hangs up in the middle of a reply.
final class FixtureModel: Sendable {
    enum Script: Sendable {
        case tokens([String])
        case toolCall(name: String, arguments: String)
        /// Sends `first`, then waits for the client to hang up.
        case hold(first: String)
        case failure(status: Int, message: String)
    }

    static let defaultReply = ["Hello", " from", " the fixture."]

    private struct State {
        var scripts: [Script]
        var chats: [JSONValue] = []
        var clientCloses = 0
    }
    private let state: Mutex<State>

    init(_ scripts: [Script] = []) { state = Mutex(State(scripts: scripts)) }

    var chatRequests: [JSONValue] { state.withLock { $0.chats } }
    var clientCloses: Int { state.withLock { $0.clientCloses } }

    /// Waits, up to 10 s, for a client to hang up mid-reply; true if one did.
    func waitForClientClose() async throws -> Bool {
        for _ in 0..<1000 {
            if clientCloses > 0 { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Runs `body` with the fixture listening; it stops when `body` returns.
    func run<T: Sendable>(_ body: @Sendable @escaping (URL) async throws -> T) async throws -> T {
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)")!)
        }
    }

    private func next() -> Script {
        state.withLock { state in state.scripts.isEmpty ? .tokens(Self.defaultReply) : state.scripts.removeFirst() }
    }

    private func record(_ bytes: ByteBuffer) {
        let body = (try? JSONValue.parse(Array(bytes.readableBytesView))) ?? .null
        state.withLock { $0.chats.append(body) }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("api/version") { _, _ in Self.json(#"{"version":"0.12.3"}"#) }
        router.post("api/show") { _, _ in
            Self.json(#"{"details":{"family":"llama","parameter_size":"3.2B"},"model_info":{"llama.context_length":8192},"capabilities":["completion","tools"]}"#)
        }
        router.get("api/tags") { _, _ in
            Self.json(#"{"models":[{"name":"llama3.2","model":"llama3.2","size":2019393189,"details":{"family":"llama"}}]}"#)
        }
        router.post("api/chat") { request, _ -> Response in
            let script = self.next()
            if case .hold(let first) = script {
                // The body is read inside the close watch, as Hummingbird requires.
                return Response(
                    status: .ok, headers: [.contentType: "application/x-ndjson"],
                    body: ResponseBody { writer in
                        do {
                            try await request.body.consumeWithCancellationOnInboundClose { body in
                                self.record(try await body.collect(upTo: 4 << 20))
                                try await writer.write(ByteBuffer(string: Self.tokenLine(first) + "\n"))
                                try await Task.sleep(for: .seconds(30))
                            }
                        } catch {
                            self.state.withLock { $0.clientCloses += 1 }
                            return
                        }
                        try await writer.finish(nil)
                    })
            }
            self.record(try await request.body.collect(upTo: 4 << 20))
            switch script {
            case .tokens(let pieces): return Self.json(Self.stream(pieces), type: "application/x-ndjson")
            case .toolCall(let name, let arguments):
                let line = #"{"model":"llama3.2","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"\#(name)","arguments":\#(arguments)}}]},"done":false}"#
                return Self.json(line + "\n" + Self.doneLine(count: 1), type: "application/x-ndjson")
            case .failure(let status, let message):
                return Response(
                    status: .init(code: status), headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"\#(message)"}"#)))
            case .hold: preconditionFailure("answered above")
            }
        }
        return router
    }

    static func tokenLine(_ piece: String) -> String {
        let content = String(decoding: try! JSONEncoder().encode(piece), as: UTF8.self)
        return #"{"model":"llama3.2","message":{"role":"assistant","content":\#(content)},"done":false}"#
    }

    static func doneLine(count: Int) -> String {
        #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":\#(count)}"#
    }

    static func stream(_ pieces: [String]) -> String {
        (pieces.map(tokenLine) + [doneLine(count: pieces.count)]).joined(separator: "\n") + "\n"
    }

    static func json(_ text: String, type: String = "application/json") -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
