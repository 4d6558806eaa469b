import NIOCore
import NIOHTTP1

/// Answers a malformed first request on a connection with 400 (431 for too many headers) and ends
/// the connection, then leaves the pipeline at the first request that parses.
///
/// Why this handler exists: with WebSocket upgrades enabled, a parse error in the first request
/// reaches no Hummingbird handler (they are added once a head has parsed), so the client got no
/// answer and the connection stayed open for good. It sits last in the pipeline, after the upgrade
/// step, where the parser's errors arrive; later requests are Hummingbird's.
final class FirstRequestErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let tooLarge = parserError == .headerOverflow
        let body = ByteBuffer(
            string: tooLarge
                ? #"{"error":{"message":"the request headers are too large","type":"too_large"}}"#
                : #"{"error":{"message":"the request is not valid HTTP/1.1","type":"invalid_input"}}"#)
        let head = HTTPResponseHead(
            version: .http1_1, status: tooLarge ? .requestHeaderFieldsTooLarge : .badRequest,
            headers: [
                "Content-Type": "application/json; charset=utf-8", "Content-Length": "\(body.readableBytes)",
                "Connection": "close",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            // Input is over for this connection: the upgrade step ends on that (quietly) and closes.
            context.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension FirstRequestErrorHandler: Sendable {}
