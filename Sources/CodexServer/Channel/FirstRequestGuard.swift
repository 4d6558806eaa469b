import NIOCore

/// Sits in front of the HTTP parser of every connection until its first request head has arrived:
/// the head must come within `timeout` and `maxBytes`, or the client gets 408 or 431 and the
/// connection is closed.
///
/// Why this handler exists: with WebSocket upgrades enabled, Hummingbird adds its idle timer and
/// its parse-error answer only once the first head is parsed, so a client that connects and
/// sends nothing, trickles a header a byte at a time (slowloris) or sends 80 KB of headers held a
/// connection forever with no answer. Later requests on the connection are covered by
/// Hummingbird's idle timeout and `HeaderOverflowHandler`.
final class FirstRequestGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State { case reading, refused }

    private let timeout: TimeAmount
    private var scanner: HeadScanner
    private var state = State.reading
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, maxBytes: Int) {
        self.timeout = timeout
        scanner = HeadScanner(maxBytes: maxBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancelTimer() }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        // The connection ends before its first head: say the input closed, so the WebSocket
        // upgrade step ends quietly instead of Hummingbird logging its channel's removal as an error.
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state == .reading else { return }  // refused: the rest is drained unread
        switch scanner.scan(unwrapInboundIn(data).readableBytesView) {
        case .needMore:
            context.fireChannelRead(data)
        case .complete:
            cancelTimer()
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        case .tooLarge:
            refuse(
                context, status: "431 Request Header Fields Too Large", type: "too_large",
                message: "the request line and headers are larger than \(scanner.maxBytes) bytes")
        }
    }

    private func startTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, state == .reading else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            timer = nil
            guard state == .reading else { return }
            guard scanner.count > 0 else {
                context.close(promise: nil)  // never said a word: nothing to answer
                return
            }
            refuse(
                context, status: "408 Request Timeout", type: "timeout",
                message: "the request headers did not arrive within \(timeout.nanoseconds / 1_000_000) ms")
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Answers with `status`, then closes. The output closes first and what the client still
    /// sends is read and dropped for a moment: closing with unread input would reset the
    /// connection, and the client might never see the answer.
    private func refuse(_ context: ChannelHandlerContext, status: String, type: String, message: String) {
        state = .refused
        cancelTimer()
        let body = #"{"error":{"message":"\#(message)","type":"\#(type)"}}"#
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head + body))).assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) { context.close(promise: nil) }
        }
    }
}

@available(*, unavailable)
extension FirstRequestGuard: Sendable {}
