import Foundation
import Hummingbird
import NIOCore

/// One Server-Sent Event: `event:` and one `data:` line of JSON, then a blank line.
struct ServerSentEvent {
    var event: String?
    var data: String

    init(event: String?, data: String) {
        self.event = event
        self.data = data
    }

    init(event: String?, json: some Encodable) {
        let bytes = (try? Self.encoder.encode(json)) ?? Data("{}".utf8)
        self.init(event: event, data: String(decoding: bytes, as: UTF8.self))
    }

    var buffer: ByteBuffer {
        var text = ""
        if let event { text += "event: \(event)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return ByteBuffer(string: text + "\n")
    }

    static var encoder: JSONEncoder { CodexRequestContext.encoder }
}

/// Where a streaming route puts its frames; the response writer sends them in order.
typealias FrameSink = AsyncStream<ByteBuffer>.Continuation

/// Response bodies that stream until done, and stop the moment the client goes away.
enum StreamingBody {
    static let eventStreamHeaders: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
    ]

    /// An SSE comment: clients ignore it; writing it is how a silent stream notices a departed client.
    static let keepAlive = ByteBuffer(string: ": keep-alive\n\n")

    /// Runs `produce` and writes what it yields, awaiting each write. A failed write means the
    /// client has gone: `produce` is then cancelled, which cancels the upstream model request.
    /// While the model is silent a keep-alive comment goes out every `heartbeat`, so a departure is
    /// noticed within two beats even before the next token. The queue between the two holds at
    /// most one reply (the model is far slower than loopback), never more than the model produced.
    static func body(
        heartbeat: Duration = .seconds(1), _ produce: @Sendable @escaping (FrameSink) async throws -> Void
    ) -> ResponseBody {
        ResponseBody { writer in
            let (frames, sink) = AsyncStream<ByteBuffer>.makeStream()
            let completed = await withThrowingTaskGroup(of: Void.self) { group -> Bool in
                group.addTask {
                    defer { sink.finish() }
                    try await produce(sink)
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        sink.yield(keepAlive)
                    }
                }
                defer { group.cancelAll() }
                do {
                    for await frame in frames { try await writer.write(frame) }
                    return true
                } catch {
                    return false
                }
            }
            if completed { try await writer.finish(nil) }
        }
    }
    /// True when the client asked for Server-Sent Events.
    static func wantsEvents(_ request: Request, flag: Bool?) -> Bool {
        if let flag { return flag }
        return request.headers[.accept]?.contains("text/event-stream") ?? false
    }
}
