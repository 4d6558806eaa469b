import CodexCore
import CodexTestSupport
import Foundation
import Synchronization

/// A scripted Ollama on an ephemeral loopback port: `/api/version`, `/api/show`, `/api/tags`, and
/// `/api/chat` answering each request with the next script (a default reply when none is left).
/// It answers through `FixtureServer`, the core tests' server, so it records the chat requests and
/// notices when a client hangs up in the middle of a reply the same way.
final class FixtureModel: Sendable {
    enum Script: Sendable {
        case tokens([String])
        case toolCall(name: String, arguments: String)
        /// Sends `first`, then waits for the client to hang up.
        case hold(first: String)
        case failure(status: Int, message: String)
    }

    static let defaultReply = ["Hello", " from", " the fixture."]

    /// The scripts left, shared with the server's responder (which must not hold the model itself).
    private final class Queue: Sendable {
        let scripts: Mutex<[Script]>
        init(_ scripts: [Script]) { self.scripts = Mutex(scripts) }
        func next() -> Script { scripts.withLock { $0.isEmpty ? .tokens(defaultReply) : $0.removeFirst() } }
    }

    private let queue: Queue
    private let server = Mutex<FixtureServer?>(nil)

    init(_ scripts: [Script] = []) { queue = Queue(scripts) }

    var chatRequests: [JSONValue] {
        (server.withLock { $0 }?.requests ?? []).filter { $0.path == "/api/chat" }.map { $0.json ?? .null }
    }
    var clientCloses: Int { server.withLock { $0 }?.connectionsClosedByClient ?? 0 }

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
        let listening = try FixtureServer(responder: { [queue] request in Self.reply(to: request, next: queue.next) })
        server.withLock { $0 = listening }
        defer { listening.stop() }
        return try await body(listening.baseURL)
    }

    private static func reply(to request: FixtureServer.Request, next: () -> Script) -> FixtureServer.Reply {
        switch (request.method, request.path) {
        case ("GET", "/api/version"): return json(#"{"version":"0.12.3"}"#)
        case ("POST", "/api/show"):
            return json(
                #"{"details":{"family":"llama","parameter_size":"3.2B"},"model_info":{"llama.context_length":8192},"capabilities":["completion","tools"]}"#
            )
        case ("GET", "/api/tags"):
            return json(
                #"{"models":[{"name":"llama3.2","model":"llama3.2","size":2019393189,"details":{"family":"llama"}}]}"#)
        case ("POST", "/api/chat"):
            switch next() {
            case .tokens(let pieces): return json(stream(pieces), type: "application/x-ndjson")
            case .toolCall(let name, let arguments):
                let line =
                    #"{"model":"llama3.2","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"\#(name)","arguments":\#(arguments)}}]},"done":false}"#
                return json(line + "\n" + doneLine(count: 1), type: "application/x-ndjson")
            case .hold(let first):
                // One chunk of a stream that never ends: the server waits for the client to hang up.
                let line = tokenLine(first) + "\n"
                let head =
                    "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
                let chunk = String(line.utf8.count, radix: 16) + "\r\n" + line + "\r\n"
                return FixtureServer.Reply(steps: [.write(Array((head + chunk).utf8)), .hold])
            case .failure(let status, let message):
                return .status(
                    status, reason: "Error", headers: ["Content-Type: application/json"], body: #"{"error":"\#(message)"}"#)
            }
        default: return .status(404, reason: "Not Found", body: "404 page not found")
        }
    }

    private static func json(_ text: String, type: String = "application/json") -> FixtureServer.Reply {
        .status(200, reason: "OK", headers: ["Content-Type: \(type)"], body: text)
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
}
