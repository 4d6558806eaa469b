import Foundation
import Synchronization

extension Assistant {
    public struct AskRequest: Sendable {
        public var question: String
        public var scope: SearchScope
        public var top: Int
        public var retrieval: HybridRetriever.Mode
        public var model: String?
        public var provider: ProviderID?
        /// False answers by quoting passages, without a model.
        public var generate: Bool
        /// Keep the exchange in this session (a reference or prefix), or in a new one when "new".
        public var session: String?
        /// Longest reply, in tokens; nil means `Assistant.askTokenBudget`.
        public var maxTokens: Int?
        /// Let the model reorder the top passages before it answers (see `rerank`).
        public var rerank: Bool

        public init(
            question: String, scope: SearchScope = SearchScope(), top: Int = 6, retrieval: HybridRetriever.Mode = .hybrid,
            model: String? = nil, provider: ProviderID? = nil, generate: Bool = true, session: String? = nil,
            maxTokens: Int? = nil, rerank: Bool = false
        ) {
            self.maxTokens = maxTokens
            self.rerank = rerank
            self.question = question
            self.scope = scope
            self.top = top
            self.retrieval = retrieval
            self.model = model
            self.provider = provider
            self.generate = generate
            self.session = session
        }
    }

    /// Answers from the documents: a model writes the answer from the best passages, citing them;
    /// with no model reachable (or `generate` off) the best sentences are quoted instead.
    public func ask(_ request: AskRequest) -> AsyncThrowingStream<AssistantEvent, any Error> {
        eventStream { continuation in
            let retrieved = try await questions.passages(
                for: request.question, scope: request.scope, top: request.top, mode: request.retrieval)
            if let notice = try await questions.partialVectorsNotice(scope: request.scope, mode: request.retrieval) {
                continuation.yield(.notice(notice))
            }
            let passages =
                request.rerank && request.generate
                ? await rerank(retrieved, question: request.question, request: request, budget: .seconds(10)) : retrieved
            let extractive = DocumentSearch.extractiveAnswer(
                to: request.question, from: passages, answerer: questions.answerer)
            guard request.generate, !passages.isEmpty else {
                var reply = AssistantReply(extractive: extractive)
                reply.sessionId = try await save(request, reply)
                continuation.yield(.finished(reply))
                return
            }
            let shown = Mutex(passages.count)
            let events = gateway.streamChat(provider: request.provider, model: request.model) { route in
                // Room for the instructions, the question and the reply; the rest goes to passages.
                let budget = route.contextLength - min(1024, route.contextLength / 4)
                    - TokenEstimate.of(PassagePrompt.askInstructions) - TokenEstimate.of(request.question) - 32
                let (block, count) = PassagePrompt.render(passages, tokenBudget: max(budget, 256))
                shown.withLock { $0 = count }
                return ChatInput(
                    model: route.model,
                    messages: [
                        .system(PassagePrompt.askInstructions),
                        .user("Passages:\n\n\(block)\n\nQuestion: \(request.question)"),
                    ], maxTokens: request.maxTokens ?? Self.askTokenBudget, contextLength: route.setsContextLength ? route.contextLength : nil)
            }
            var text = ""
            var provider: ProviderID?
            var model: String?
            var usage: TokenUsage?
            var repetition = RepetitionGuard()
            do {
                reading: for try await event in events {
                    switch event {
                    case .routed(let id, let name):
                        (provider, model) = (id, name)
                        continuation.yield(.routed(provider: id, model: name))
                        let count = shown.withLock { $0 }
                        if count < passages.count {
                            continuation.yield(.notice("\(passages.count - count) of \(passages.count) passages did not fit the model's context and were left out"))
                        }
                    case .fellBack(let id, let reason): continuation.yield(.fellBack(from: id, reason: reason))
                    case .chat(.token(let piece)):
                        text += piece
                        continuation.yield(.token(piece))
                        if !repetition.admit(piece) {
                            // Leaving the loop cancels the request; the reply keeps its first copy.
                            text = repetition.kept
                            continuation.yield(.notice("the model began repeating itself, so its answer was cut short"))
                            break reading
                        }
                    case .chat(.thinking(let piece)): continuation.yield(.thinking(piece))
                    case .chat(.usage(let reported)): usage = reported
                    case .chat(.toolCall), .chat(.done): break
                    }
                }
            } catch let error as CodexError where provider == nil && error.kind == .provider {
                // No model answered: quote the passages instead, and say how to get written answers.
                var reply = AssistantReply(extractive: extractive)
                reply.hint = Self.noModelHint
                reply.sessionId = try await save(request, reply)
                continuation.yield(.finished(reply))
                return
            } catch where provider != nil {
                let used = Array(passages.prefix(shown.withLock { $0 }))
                var reply = AssistantReply(
                    answer: text, citations: Self.citations(in: text, passages: used), mode: .generated,
                    provider: provider?.rawValue, model: model, usage: .init(usage), incomplete: true,
                    error: (error as? CodexError)?.message ?? String(describing: error))
                _ = Self.ground(&reply, shown: used, extractive: extractive)
                reply.sessionId = try await save(request, reply)
                continuation.yield(.finished(reply))
                return
            }
            let used = Array(passages.prefix(shown.withLock { $0 }))
            var reply = AssistantReply(
                answer: text, citations: Self.citations(in: text, passages: used), mode: .generated,
                provider: provider?.rawValue, model: model, usage: .init(usage))
            for notice in Self.ground(&reply, shown: used, extractive: extractive) { continuation.yield(.notice(notice)) }
            reply.sessionId = try await save(request, reply)
            continuation.yield(.finished(reply))
        }
    }

    /// Keeps the question and answer in a session when the request asks for it.
    @discardableResult
    private func save(_ request: AskRequest, _ reply: AssistantReply) async throws -> UUID? {
        guard let reference = request.session else { return nil }
        let session = reference == "new"
            ? try await memory.createSession(title: nil) : try await memory.session(reference)
        _ = try await memory.append(NewMessage(role: .user, content: request.question), to: session.id)
        _ = try await memory.append(
            NewMessage(
                role: .assistant, content: reply.answer, model: reply.model, provider: reply.provider,
                citations: reply.citations.map(\.citation), mode: reply.mode, incomplete: reply.incomplete),
            to: session.id)
        // `codex sessions list` shows the model of the latest reply, whichever command produced it.
        if let model = reply.model, let provider = reply.provider {
            try await memory.recordModel(model, provider: provider, in: session.id)
        }
        return session.id
    }
}
