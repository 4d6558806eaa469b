extension ProviderClient {
    /// Streams a chat reply as events, ending with `.done`.
    ///
    /// The stream throws when the provider fails; after the first `.token` the error means the
    /// reply is incomplete (keep what arrived, mark it so). A reply that ends without its terminal
    /// marker (`done: true`, `[DONE]`, or for TabbyML a finish reason before the end of the body)
    /// throws `providerTruncated`. Cancelling the consuming task, or dropping the stream, closes
    /// the connection, which stops generation on the server.
    public func streamChat(_ input: ChatInput, deadline: ContinuousClock.Instant) -> ChatEventStream {
        let (stream, continuation) = ChatEventStream.makeStream()
        let task = Task {
            do {
                try await runChatStream(input, deadline: deadline) { continuation.yield($0) }
                continuation.finish()
            } catch let error as CodexError {
                continuation.finish(throwing: Self.noting(input, in: error))
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runChatStream(
        _ input: ChatInput, deadline: ContinuousClock.Instant, emit: @Sendable (ChatEvent) -> Void
    ) async throws {
        let request = try provider.chatRequest(input, stream: true)
        let (_, body) = try await open(request, deadline: deadline, model: input.model)
        var reply = StreamState()
        do {
            switch provider.streamFraming {
            case .ndjson:
                var decoder = NDJSONDecoder()
                for try await bytes in body {
                    for line in try decoder.push(bytes) where try take(line, into: &reply, emit: emit) {
                        return finish(reply, emit)
                    }
                }
                for line in decoder.finish() where try take(line, into: &reply, emit: emit) {
                    return finish(reply, emit)
                }
            case .sse:
                var decoder = SSEDecoder()
                for try await bytes in body {
                    for event in try decoder.push(bytes) where try take(event, into: &reply, emit: emit) {
                        return finish(reply, emit)
                    }
                }
                for event in decoder.finish() where try take(event, into: &reply, emit: emit) {
                    return finish(reply, emit)
                }
                // TabbyML ends its streams by closing, without [DONE]: a finish reason makes that a clean end.
                if reply.finishReason != nil { return finish(reply, emit) }
            }
        } catch let error as CodexError where error.kind == .network {
            throw CodexError.providerTruncated(provider.id, detail: error.message)
        } catch {
            throw transportError(error, for: request)
        }
        throw CodexError.providerTruncated(provider.id)
    }

    /// Handles one SSE event; true when it ends the reply.
    private func take(_ event: SSEEvent, into reply: inout StreamState, emit: (ChatEvent) -> Void) throws -> Bool {
        if event.isError {
            // llama.cpp's `error: {…}` line carries the error object itself, not wrapped in "error".
            let json = (try? JSONValue.parse(event.data)) ?? .string(event.data)
            let failure =
                ProviderFailure(status: nil, json: json) ?? ProviderFailure(status: nil, json: ["error": json])
            throw streamError(failure ?? ProviderFailure(status: nil, message: event.data))
        }
        if event.isDone { return true }
        return try take(event.data, into: &reply, emit: emit)
    }

    /// Handles one JSON payload; true when it ends the reply.
    private func take(_ payload: String, into reply: inout StreamState, emit: (ChatEvent) -> Void) throws -> Bool {
        guard let json = try? JSONValue.parse(payload) else {
            throw CodexError.providerGarbled(provider.id, what: "a streamed chunk is not JSON")
        }
        if let failure = ProviderFailure(status: nil, json: json) { throw streamError(failure) }
        let delta: ChatDelta
        do {
            delta = try provider.decodeChatChunk(json)
        } catch let error as CodexError {
            throw error
        } catch {
            throw CodexError.providerGarbled(provider.id, what: String(describing: error))
        }
        if !delta.thinking.isEmpty { emit(.thinking(delta.thinking)) }
        if !delta.text.isEmpty { emit(.token(delta.text)) }
        for fragment in delta.toolCalls { reply.toolCalls.add(fragment) }
        if let reason = delta.finishReason { reply.finishReason = reason }
        if let usage = delta.usage { emit(.usage(usage)) }
        return delta.isFinal
    }

    private func finish(_ reply: StreamState, _ emit: (ChatEvent) -> Void) {
        for call in reply.toolCalls.toolCalls { emit(.toolCall(call)) }
        emit(.done(finishReason: reply.finishReason))
    }
}

/// What a stream has said so far that is only emitted at its end.
private struct StreamState {
    var toolCalls = ToolCallAssembler()
    var finishReason: String?
}
