import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Per-request state: the core storage, the WebSocket upgrade slot, and who is calling.
public struct CodexRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// snake_case keys and ISO 8601 dates on every JSON route, as in the SSE events.
    public var responseEncoder: JSONEncoder { Self.encoder }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The calling address without its port: the key of the per-client concurrency limit.
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }
}
