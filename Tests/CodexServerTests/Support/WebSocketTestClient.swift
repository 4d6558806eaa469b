import CodexCore
import Foundation

/// A WebSocket client on a bare socket, with the parts of RFC 6455 the chat route uses: the
/// upgrade, masked text frames out, text and close frames in. Reads happen on a thread of their
/// own, so their time limits are real time.
final class WebSocketTestClient: Sendable {
    enum Message: Equatable {
        case text(String)
        /// The server's close frame, with its status code when it gave one.
        case close(code: UInt16?)
    }

    private let connection: RawHTTPConnection

    /// Connects to `/chat/ws` (with these extra header lines) and completes the upgrade.
    init(port: Int, headers: [String] = []) async throws {
        connection = try RawHTTPConnection(port: port)
        let head = try await connection.askForWebSocket(port: port, headers: headers)
        guard head.hasPrefix("HTTP/1.1 101") else {
            connection.close()
            throw CodexError.io("the WebSocket upgrade was refused: \(head.prefix(80))")
        }
    }

    /// Sends one text message as a single masked frame.
    func send(_ text: String) throws { try connection.send(bytes: Self.frame(opcode: 0x1, Array(text.utf8))) }

    /// Sends a normal close (1000) and closes the socket.
    func close() {
        try? connection.send(bytes: Self.frame(opcode: 0x8, [0x03, 0xE8]))
        connection.close()
    }

    /// The next text or close message, or nil if the socket ended or `limit` passed first.
    func next(within limit: Duration = .seconds(30)) async -> Message? {
        await onOwnThread { self.receiveMessage(before: .now + limit) }
    }

    private func receiveMessage(before deadline: ContinuousClock.Instant) -> Message? {
        var payload: [UInt8] = []
        while let head = connection.receive(exactly: 2, before: deadline) {
            let final = head[0] & 0x80 != 0, opcode = head[0] & 0x0F
            var length = Int(head[1] & 0x7F)
            if length >= 126 {
                guard let extended = connection.receive(exactly: length == 126 ? 2 : 8, before: deadline) else { return nil }
                length = extended.reduce(0) { $0 << 8 | Int($1) }
            }
            guard let body = connection.receive(exactly: length, before: deadline) else { return nil }
            switch opcode {
            case 0x8: return .close(code: body.count >= 2 ? UInt16(body[0]) << 8 | UInt16(body[1]) : nil)
            case 0x0, 0x1:
                payload += body
                if final { return .text(String(decoding: payload, as: UTF8.self)) }
            default: continue  // ping, pong: not part of what is tested
            }
        }
        return nil
    }

    /// A client frame: FIN set, masked with a fixed key (masking is required, its key's secrecy is not).
    private static func frame(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x80 | opcode]
        switch payload.count {
        case ..<126: bytes.append(0x80 | UInt8(payload.count))
        case ..<65536: bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: bytes += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        bytes += key
        bytes += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        return bytes
    }
}
