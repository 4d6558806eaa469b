import Logging

/// Sends HTTP requests. `CurlTransport` is the real one; the seam exists so the gateway can be tested.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns as soon as the response head has arrived; the body streams as it comes.
    ///
    /// `deadline` bounds the whole exchange, body included. Cancelling the calling task before the
    /// head arrives, or cancelling the task that iterates the body, or dropping the body stream,
    /// aborts the transfer and closes the connection.
    /// - Throws: `CodexError` of kind `.egress` when the policy refuses the destination, `.network`
    ///   when the server cannot be reached or a time limit passes, `.cancelled` when cancelled.
    func send(_ request: HTTPRequest, deadline: ContinuousClock.Instant, logger: Logger)
        async throws -> (head: ResponseHead, body: AsyncThrowingStream<[UInt8], any Error>)
}

extension HTTPTransport {
    /// Sends `request` and collects the whole body, refusing bodies larger than `maxBytes`.
    public func data(
        for request: HTTPRequest, deadline: ContinuousClock.Instant, logger: Logger, maxBytes: Int = 64 << 20
    ) async throws -> (head: ResponseHead, body: [UInt8]) {
        let (head, stream) = try await send(request, deadline: deadline, logger: logger)
        var body: [UInt8] = []
        for try await chunk in stream {
            guard body.count + chunk.count <= maxBytes else {
                throw CodexError.responseTooLarge(host: request.url.host ?? "", limit: maxBytes)
            }
            body.append(contentsOf: chunk)
        }
        return (head, body)
    }
}
