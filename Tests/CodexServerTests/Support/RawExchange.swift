import Foundation

/// One request over a fresh connection, written byte for byte (any Host, Origin or framing), and
/// the server's whole answer: for what an HTTP client library would not send.
struct RawExchange {
    var text: String
    /// The server closed the connection (rather than the read timing out).
    var closed: Bool

    /// The status code of the first response line, or 0 when there was none.
    var status: Int {
        guard text.hasPrefix("HTTP/1.1 ") else { return 0 }
        return Int(text.dropFirst(9).prefix(3)) ?? 0
    }

    var body: String { text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }

    /// Sends `method path` with `headers` (`Host: localhost` unless one is given, and
    /// `Connection: close`, so the answer ends with the connection).
    static func send(
        port: Int, _ method: String, _ path: String, headers: [String] = [], body: String = ""
    ) async throws -> RawExchange {
        let connection = try RawHTTPConnection(port: port)
        defer { connection.close() }
        try connection.request(method, path, headers: headers + ["Connection: close"], body: body)
        let (text, closed) = await connection.readToEnd()
        return RawExchange(text: text, closed: closed)
    }

    /// A WebSocket upgrade request for `/chat/ws` with `headers`; true when the server switched protocols.
    static func upgrades(port: Int, headers: [String]) async throws -> Bool {
        let connection = try RawHTTPConnection(port: port)
        defer { connection.close() }
        return try await connection.askForWebSocket(port: port, headers: headers).hasPrefix("HTTP/1.1 101")
    }
}
