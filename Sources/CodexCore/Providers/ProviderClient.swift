import Foundation
import Logging

/// Talks to one provider: sends its requests through the transport, retries when the server asks
/// to, decodes replies, and turns every failure into a `CodexError` in the provider's terms.
///
/// ```swift
/// let transport = CurlTransport(policy: .fromEnvironment())
/// let client = ProviderClient(provider: OllamaProvider(), transport: transport, logger: logger)
/// for try await event in client.streamChat(input, deadline: .now + .seconds(600)) { … }
/// ```
public struct ProviderClient: Sendable {
    public let provider: any Provider
    public let transport: any HTTPTransport
    public var retry: RetryPolicy
    public var logger: Logger
    /// Largest whole (non-streamed) body accepted.
    public var maxBodyBytes = 64 << 20

    public init(provider: any Provider, transport: any HTTPTransport, retry: RetryPolicy = .standard, logger: Logger) {
        self.provider = provider
        self.transport = transport
        self.retry = retry
        self.logger = logger
    }

    public var id: ProviderID { provider.id }

    /// A whole chat reply. Providers that always stream (TabbyML) are streamed and collected.
    public func chat(_ input: ChatInput, deadline: ContinuousClock.Instant) async throws -> ChatReply {
        guard provider.supportsNonStreamingChat else {
            var reply = ChatReply()
            for try await event in streamChat(input, deadline: deadline) { reply.apply(event) }
            return reply
        }
        do {
            let response = try await json(
                try provider.chatRequest(input, stream: false), deadline: deadline, model: input.model)
            return try decoding { try provider.decodeChatResponse(response) }
        } catch let error as CodexError {
            throw Self.noting(input, in: error)
        }
    }

    public func complete(_ input: CompletionInput, deadline: ContinuousClock.Instant) async throws -> Completion {
        let response = try await json(try provider.completionRequest(input), deadline: deadline, model: input.model)
        return try decoding { try provider.decodeCompletion(response) }
    }

    /// One vector per text, in order.
    public func embed(_ texts: [String], model: String, deadline: ContinuousClock.Instant) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let response = try await json(try provider.embedRequest(texts, model: model), deadline: deadline, model: model)
        let vectors = try decoding { try provider.decodeEmbeddings(response) }
        guard vectors.count == texts.count else {
            throw CodexError.providerGarbled(provider.id, what: "\(vectors.count) embeddings for \(texts.count) texts")
        }
        return vectors
    }

    public func models(deadline: ContinuousClock.Instant) async throws -> [ModelInfo] {
        let response = try await json(try provider.modelsRequest(), deadline: deadline, model: nil)
        return try decoding { try provider.decodeModels(response) }
    }

    /// What the server says about `model`, including the window it runs it with when it tells.
    public func modelDetails(_ model: String, deadline: ContinuousClock.Instant) async throws -> ModelDetails {
        let response = try await json(try provider.modelDetailsRequest(model), deadline: deadline, model: model)
        var details = try decoding { try provider.decodeModelDetails(response, model: model) }
        // The second look is optional, and gets its own time: a server without it still has the details above.
        if let request = provider.serverPropsRequest(after: details),
            let props = try? await json(request, deadline: max(deadline, .now + .seconds(5)), model: nil)
        {
            provider.decodeServerProps(props, into: &details)
        }
        return details
    }

    /// A quick probe that never throws: a gateway can ask every provider and pick the ones that are up.
    public func health(timeout: Duration = .seconds(2)) async -> ProviderHealth {
        let started = ContinuousClock.now
        let request = provider.healthRequest(timeout: timeout)
        do {
            let (head, body) = try await transport.data(
                for: request, deadline: started + timeout, logger: logger, maxBytes: 1 << 20)
            let (state, version) = provider.decodeHealth(head, body: body)
            let detail: String
            switch state {
            case .up: detail = version.map { "version \($0)" } ?? "answering"
            case .unauthorized: detail = "the credentials were refused (HTTP \(head.status))"
            case .loading, .down:
                detail = redact(ProviderFailure(status: head.status, body: body).message)
            }
            return ProviderHealth(
                provider: provider.id, state: state, detail: detail, version: version, latency: .now - started)
        } catch {
            let mapped = transportError(error, for: request)
            let detail = (mapped as? CodexError)?.message ?? String(describing: mapped)
            return ProviderHealth(provider: provider.id, state: .down, detail: detail, latency: .now - started)
        }
    }

    /// Adds codex's estimate of `input` to a too-long refusal, so the gateway can compare it with
    /// the server's count.
    static func noting(_ input: ChatInput, in error: CodexError) -> CodexError {
        guard error.contextOverflow != nil else { return error }
        var error = error
        let messages: Int = input.messages.reduce(0) { $0 + TokenEstimate.of($1) }
        let tools: Int = input.tools.reduce(0) { $0 + TokenEstimate.of($1.functionDescriptor.jsonString) }
        error.contextOverflow?.estimatedTokens = messages + tools
        return error
    }

    // MARK: Sending

    /// Sends `request` until it gets a 2xx head, retrying what `retry` allows while nothing has
    /// been delivered yet; any other status becomes a `CodexError`.
    func open(_ request: HTTPRequest, deadline: ContinuousClock.Instant, model: String?)
        async throws -> (head: ResponseHead, body: AsyncThrowingStream<[UInt8], any Error>)
    {
        var attempt = 1
        while true {
            let head: ResponseHead
            let body: AsyncThrowingStream<[UInt8], any Error>
            do {
                (head, body) = try await transport.send(request, deadline: deadline, logger: logger)
            } catch {
                throw transportError(error, for: request)
            }
            if head.isSuccess { return (head, body) }
            let failure = ProviderFailure(
                status: head.status, body: try await collect(body, limit: 1 << 20, request: request))
            let wait = retry.delay(after: attempt, head: head)
            guard attempt < retry.maxAttempts, retry.isRetryable(failure), let wait, .now + wait < deadline else {
                throw error(for: failure, model: model, retryAfter: RetryPolicy.requestedDelay(head))
            }
            logger.info(
                "provider busy, retrying",
                metadata: [
                    "provider.id": "\(provider.id)", "http.status": "\(head.status)", "retry.attempt": "\(attempt)",
                    "retry.delay_ms": "\(Int(wait.inMilliseconds))",
                ])
            do { try await Task.sleep(for: wait) } catch { throw CodexError.cancelled }
            attempt += 1
        }
    }

    /// A whole JSON body, checked for an `error` member (some servers report errors with a 200).
    func json(_ request: HTTPRequest, deadline: ContinuousClock.Instant, model: String?) async throws -> JSONValue {
        let (head, body) = try await open(request, deadline: deadline, model: model)
        let bytes = try await collect(body, limit: maxBodyBytes, request: request)
        guard let value = try? JSONValue.parse(bytes) else {
            throw CodexError.providerGarbled(provider.id, what: "the body is not JSON")
        }
        if let failure = ProviderFailure(status: nil, json: value) {
            throw error(
                for: ProviderFailure(
                    status: head.status, message: failure.message, type: failure.type, code: failure.code),
                model: model, retryAfter: nil)
        }
        return value
    }

    private func collect(_ body: AsyncThrowingStream<[UInt8], any Error>, limit: Int, request: HTTPRequest) async throws
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                guard bytes.count + chunk.count <= limit else {
                    throw CodexError.responseTooLarge(host: request.url.host ?? "", limit: limit)
                }
                bytes += chunk
            }
        } catch {
            throw transportError(error, for: request)
        }
        return bytes
    }

    private func decoding<T>(_ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch let error as CodexError {
            throw error
        } catch {
            throw CodexError.providerGarbled(provider.id, what: String(describing: error))
        }
    }
}
