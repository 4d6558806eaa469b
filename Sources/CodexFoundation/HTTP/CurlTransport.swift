import CCurl
import Foundation
import Logging

/// The libcurl-backed transport: one easy handle and one dedicated thread per exchange.
///
/// `curl_easy_perform` blocks, so each transfer runs on its own thread, never on the cooperative
/// pool. The body reaches Swift through a bounded buffer: when the consumer falls more than
/// `maxBufferedBytes` behind, the curl thread waits inside the write callback, so the kernel's
/// socket buffer fills and TCP slows the server down (real back-pressure, with no need for
/// `CURL_WRITEFUNC_PAUSE`, whose un-pausing must happen on the transfer's own thread).
///
/// ```swift
/// let transport = CurlTransport(policy: .fromEnvironment())
/// let (head, body) = try await transport.send(request, deadline: .now + .seconds(60), logger: logger)
/// for try await bytes in body { decoder.push(bytes) }
/// ```
public struct CurlTransport: HTTPTransport {
    public var policy: EgressPolicy
    /// How far the body may run ahead of its consumer before the transfer waits.
    public var maxBufferedBytes: Int

    public init(policy: EgressPolicy, maxBufferedBytes: Int = 1 << 20) {
        self.policy = policy
        self.maxBufferedBytes = maxBufferedBytes
    }

    public func send(_ request: HTTPRequest, deadline: ContinuousClock.Instant, logger: Logger)
        async throws -> (head: ResponseHead, body: AsyncThrowingStream<[UInt8], any Error>)
    {
        try policy.check(request.url, for: request.purpose)
        let address = Self.address(of: request.url)
        guard deadline > .now else { throw CodexError.deadlineExceeded(address) }
        try Task.checkCancellation()
        if let reason = curlLoadFailure { throw CodexError.curlMissing(reason) }

        let transfer = try CurlTransfer(
            request: request, address: address, deadline: deadline, maxBuffered: maxBufferedBytes)
        logger.debug(
            "http.send",
            metadata: [
                "http.method": "\(request.method.rawValue)", "http.address": "\(address)",
                "http.path": "\(request.url.path)", "provider.id": "\(request.purpose.providerName)",
            ])
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.start(headContinuation: continuation)
            }
        } onCancel: {
            transfer.abort(.cancelled)
        }
        logger.debug("http.head", metadata: ["http.status": "\(head.status)", "http.address": "\(address)"])
        let reader = BodyReader(transfer)
        let body = AsyncThrowingStream<[UInt8], any Error>(unfolding: { try await reader.next() })
        return (head, body)
    }

    /// "127.0.0.1:11434": how a destination is named in messages (never with credentials or query).
    public static func address(of url: URL) -> String {
        let host = url.host ?? "?"
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port = url.port { return "\(shown):\(port)" }
        return shown
    }
}

/// libcurl is opened and initialised once per process, on the first request (`ccurl_load`); nil
/// when it is ready, else why it could not be loaded. A global `let` runs this exactly once.
private let curlLoadFailure: String? = ccurl_load().map { String(cString: $0) }

/// The consumer's end of a transfer. Dropping the body stream releases the unfolding closure and
/// with it this reader, whose `deinit` aborts the transfer: a body nobody reads is not downloaded.
private final class BodyReader: Sendable {
    let transfer: CurlTransfer

    init(_ transfer: CurlTransfer) { self.transfer = transfer }

    func next() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.nextChunk(continuation)
            }
        } onCancel: {
            transfer.abort(.cancelled)
        }
    }

    deinit { transfer.abort(.consumerGone) }
}
