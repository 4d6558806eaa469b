import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// A server child channel with a `FirstRequestGuard` in front of its pipeline and a
/// `FirstRequestErrorHandler` behind it, both there until the first request has arrived.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let headerTimeout: TimeAmount
    let maxHeaderBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            let guardHandler = FirstRequestGuard(timeout: headerTimeout, maxBytes: maxHeaderBytes)
            try channel.pipeline.syncOperations.addHandler(guardHandler, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(FirstRequestErrorHandler())
            return value
        }.nonisolated()
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrades through `router`, with codex's header limits and timeouts.
    static func codex(webSocketRouter router: Router<CodexRequestContext>, _ configuration: ServerConfiguration)
        -> HTTPServerBuilder
    {
        let webSocketResponder = router.buildResponder()
        let (limits, timeouts) = (configuration.limits, configuration.timeouts)
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [HeaderOverflowHandler()], idleTimeout: TimeAmount(timeouts.idle),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes))
        return HTTPServerBuilder { responder in
            GuardedChildChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(http1: http1, ws: .init(maxFrameSize: 1 << 20))),
                headerTimeout: TimeAmount(timeouts.headerRead), maxHeaderBytes: limits.maxHeaderBytes)
        }
    }
}
