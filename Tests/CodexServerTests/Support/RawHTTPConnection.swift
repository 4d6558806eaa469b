import CodexCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to the test server, for what an HTTP client library hides: reading part
/// of a stream and hanging up, or holding a request open while sending another.
final class RawHTTPConnection: Sendable {
    private let socket: Int32

    /// Connects to `localhost:port` on whichever loopback address the server bound.
    init(port: Int) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo("localhost", String(port), &hints, &results) == 0 else { throw POSIXError(.EHOSTUNREACH) }
        defer { freeaddrinfo(results) }
        var candidate = results
        while let info = candidate {
            let fd = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0, connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                socket = fd
                return
            }
            if fd >= 0 { Glibc.close(fd) }
            candidate = info.pointee.ai_next
        }
        throw POSIXError(.ECONNREFUSED)
    }

    /// Sends a POST with a JSON body.
    func post(_ path: String, json: String, headers: [String] = []) throws {
        let head =
            ([
                "POST \(path) HTTP/1.1", "Host: localhost", "Content-Type: application/json",
                "Content-Length: \(json.utf8.count)",
            ] + headers).joined(separator: "\r\n")
        let bytes = Array((head + "\r\n\r\n" + json).utf8)
        guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            throw POSIXError(.EPIPE)
        }
    }

    /// Sends `text` as it is (CRLFs included).
    func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    /// Sends every byte, blocking while the socket's buffer is full.
    func send(bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBufferPointer {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw POSIXError(.EPIPE) }
            sent += count
        }
    }

    /// Sends a request with `Host: localhost` unless `headers` has another Host, and a
    /// Content-Length when there is a body.
    func request(_ method: String, _ path: String, headers: [String] = [], body: String = "") throws {
        var lines = ["\(method) \(path) HTTP/1.1"]
        if !headers.contains(where: { $0.lowercased().hasPrefix("host:") }) { lines.append("Host: localhost") }
        lines += headers
        if !body.isEmpty { lines.append("Content-Length: \(body.utf8.count)") }
        try send(lines.joined(separator: "\r\n") + "\r\n\r\n" + body)
    }

    /// Asks to upgrade to a WebSocket on `/chat/ws` (with `headers` after the usual ones) and
    /// returns the answer's head. A server says nothing after it until spoken to, so nothing past
    /// the head is read here.
    func askForWebSocket(port: Int, headers: [String] = []) async throws -> String {
        try request(
            "GET", "/chat/ws",
            headers: [
                "Host: localhost:\(port)", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
            ] + headers)
        return await read(until: "\r\n\r\n")
    }

    /// Whether the server has sent something (or closed) that is not read yet.
    var hasInput: Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    /// Reads until the server closes the connection or `timeout` passes; `closed` says which.
    /// The wait happens on a thread of its own: the time limit then counts reading, not the
    /// queue for the cooperative pool that every test running beside this one shares.
    func readToEnd(timeout: Duration = .seconds(10)) async -> (text: String, closed: Bool) {
        await onOwnThread {
            var received: [UInt8] = []
            let closed = self.receive(into: &received, for: timeout) { _ in false }
            return (String(decoding: received, as: UTF8.self), closed)
        }
    }

    /// Reads until the bytes received contain `marker` (at most 10 s); returns everything read.
    func read(until marker: String) async -> String {
        await onOwnThread {
            var received: [UInt8] = []
            _ = self.receive(into: &received, for: .seconds(10)) {
                String(decoding: $0, as: UTF8.self).contains(marker)
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    /// Blocks until exactly `count` bytes have arrived, or nil if the server closed or `deadline` passed first.
    func receive(exactly count: Int, before deadline: ContinuousClock.Instant) -> [UInt8]? {
        var received: [UInt8] = []
        while received.count < count {
            let left = deadline - .now
            guard left > .zero else { return nil }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left.inMilliseconds))) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: count - received.count)
            let read = recv(socket, &chunk, chunk.count, 0)
            guard read > 0 else { return nil }
            received += chunk[0..<read]
        }
        return received
    }

    /// Blocks reading into `received` until the server closes (true), `enough` says so, or `limit` passes.
    private func receive(into received: inout [UInt8], for limit: Duration, until enough: ([UInt8]) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + limit
        while case let left = deadline - .now, left > .zero, !enough(received) {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left.inMilliseconds))) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count > 0 else { return true }
            received += chunk[0..<count]
        }
        return false
    }

    func close() { Glibc.close(socket) }
}
