import CodexCore
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
    /// The address and port the connection arrived on: what an own `Host` or `Origin` must name.
    let localAddress: SocketAddress?
    /// Who is calling, on a server with users (`UserAuthMiddleware`); nil on a single-user server.
    public var user: TeamUser?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
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

    /// The socket this request arrived on; `port` stands in when the channel has no address (tests).
    func endpoint(defaultPort port: Int) -> HostPolicy.Endpoint {
        HostPolicy.Endpoint(
            address: localAddress?.ipAddress.flatMap(HostPolicy.canonicalAddress), port: localAddress?.port ?? port)
    }
}
