import CodexCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A scripted HTTP/1.1 server on 127.0.0.1, for testing the HTTP client and providers against
/// byte-exact transcripts without touching the network; the one model server of every test target
/// (the server tests' scripted Ollama, `FixtureModel`, answers through it).
///
/// It listens on an ephemeral port, serves one connection at a time on its own thread, records
/// every request, and answers each with the next scripted `Reply`: raw writes separated by pauses,
/// so a client sees the read boundaries the script chose. Call `stop()` when done (its thread keeps
/// it alive until then). `@unchecked Sendable` because its mutable
/// state is guarded by `lock` and the socket descriptors are used only by the server thread.
public final class FixtureServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Path and query, as sent: "/api/chat", "/openai/deployments/d/chat/completions?api-version=…".
        public var target: String
        public var headers: [HTTPHeader]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        public var json: JSONValue? { try? JSONValue.parse(body) }
    }

    public enum Step: Sendable {
        case write([UInt8])
        case pause(milliseconds: Int)
        /// Keeps the connection open, sending nothing, until the client closes it or the server stops.
        case hold
    }

    public struct Reply: Sendable {
        public var steps: [Step]

        public init(steps: [Step]) { self.steps = steps }
    }

    public let port: Int
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private let listenSocket: Int32
    private let lock = NSLock()
    private var pending: [Reply]
    /// Answers every request when set (a server that behaves rather than replays), instead of `pending`.
    private var responder: (@Sendable (Request) -> Reply)?
    private var recorded: [Request] = []
    private var clientCloses = 0
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    public convenience init(_ replies: [Reply]) throws {
        try self.init(replies, listening: true)
    }

    /// A port nothing listens on, reserved until the test process ends: its socket is bound but
    /// never listens, so connecting is refused at once, and no other test's server can be given
    /// the same port (a port merely closed once was, under a parallel run, and answered). Kept in
    /// `reserved` because ARC may release an object after its last use, before the test ends.
    public static func refusingConnections() throws -> FixtureServer {
        let server = try FixtureServer([], listening: false)
        reserved.withLock { $0.append(server) }
        return server
    }

    private static let reserved = Mutex<[FixtureServer]>([])

    private init(_ replies: [Reply], listening: Bool) throws {
        pending = replies
        let listenSocket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listenSocket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard listenSocket >= 0, bound == 0, !listening || listen(listenSocket, 16) == 0 else {
            close(listenSocket)
            throw CodexError.io("fixture server could not listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenSocket, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listenSocket = listenSocket
        guard listening else {
            stopping = true
            return
        }
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.name = "fixture-server"
        thread.start()
    }

    public convenience init(_ replies: Reply...) throws { try self.init(replies) }

    /// A server that answers each request with what `responder` makes of it.
    public convenience init(responder: @escaping @Sendable (Request) -> Reply) throws {
        try self.init([])
        lock.withLock { self.responder = responder }
    }

    public var requests: [Request] { lock.withLock { recorded } }
    public var connectionsClosedByClient: Int { lock.withLock { clientCloses } }

    /// Waits (at most `limit`) until the client has closed `count` connections while the server
    /// still had something to send; true if it did. It waits on a thread of its own, so the limit
    /// is real time and the cooperative pool stays free.
    public func waitForClientClose(count: Int = 1, limit: Duration = .seconds(10)) async -> Bool {
        await onOwnThread {
            let end = ContinuousClock.now + limit
            while ContinuousClock.now < end {
                if self.connectionsClosedByClient >= count { return true }
                usleep(5_000)
            }
            return false
        }
    }

    /// Closes the listening socket and any open connection; idempotent.
    public func stop() {
        let first = lock.withLock {
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        finished.wait()
        close(listenSocket)
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func serve() {
        while !isStopping {
            var poller = pollfd(fd: listenSocket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let connection = accept(listenSocket, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        guard let request = readRequest(connection) else { return }
        let (scripted, answer): (Reply?, (@Sendable (Request) -> Reply)?) = lock.withLock {
            recorded.append(request)
            if let responder { return (nil, responder) }
            return (pending.isEmpty ? Reply.status(500, body: "no scripted reply left") : pending.removeFirst(), nil)
        }
        guard let reply = scripted ?? answer?(request) else { return }
        for step in reply.steps {
            switch step {
            case .write(let bytes):
                let sent = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < bytes.count {
                    noteClientClose()
                    return
                }
            case .pause(let milliseconds):
                if waitForPeerClose(connection, milliseconds: milliseconds) { return }
            case .hold:
                if waitForPeerClose(connection, milliseconds: 30_000) { return }
            }
        }
    }

    /// Sleeps up to `milliseconds`, returning early (true) if the client closed the connection.
    private func waitForPeerClose(_ connection: Int32, milliseconds: Int) -> Bool {
        let end = ContinuousClock.now + .milliseconds(milliseconds)
        while ContinuousClock.now < end, !isStopping {
            var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, Int32(min(milliseconds, 20))) > 0 {
                var byte: UInt8 = 0
                if recv(connection, &byte, 1, 0) <= 0 {
                    noteClientClose()
                    return true
                }
            }
        }
        return false
    }

    private func noteClientClose() { lock.withLock { clientCloses += 1 } }

    private func readRequest(_ connection: Int32) -> Request? {
        var buffer: [UInt8] = []
        var headEnd: Int?
        var expected = Int.max
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end, buffer.count < 8 << 20, !isStopping {
            if let headEnd, buffer.count - headEnd >= expected { break }
            var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            if headEnd == nil, let range = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                let head = String(decoding: buffer[0..<range.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                expected = length.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            }
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[0..<(headEnd - 4)], as: UTF8.self).split(separator: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> HTTPHeader? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return HTTPHeader(
                String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Request(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
            body: Array(buffer[headEnd...]))
    }
}

extension FixtureServer.Reply {
    /// A complete response with a `Content-Length` body, written at once.
    public static func status(_ status: Int, reason: String = "Status", headers: [String] = [], body: String = "")
        -> FixtureServer.Reply
    {
        let head =
            (["HTTP/1.1 \(status) \(reason)"] + headers + ["Content-Length: \(body.utf8.count)"])
            .joined(separator: "\r\n") + "\r\n\r\n"
        return FixtureServer.Reply(steps: [.write(Array((head + body).utf8))])
    }
}
