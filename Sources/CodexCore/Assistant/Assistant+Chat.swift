import Foundation
import Synchronization

extension Assistant {
    public struct ChatRequest: Sendable {
        public var message: String
        /// An existing session (id or prefix); nil starts a new one.
        public var session: String?
        /// Answer with passages from this collection as context.
        public var collection: String?
        public var model: String?
        public var provider: ProviderID?
        /// Longest reply, in tokens; nil lets the server decide.
        public var maxTokens: Int?

        public init(
            message: String, session: String? = nil, collection: String? = nil, model: String? = nil,
            provider: ProviderID? = nil, maxTokens: Int? = nil
        ) {
            self.maxTokens = maxTokens
            self.message = message
            self.session = session
            self.collection = collection
            self.model = model
            self.provider = provider
        }
    }

    /// One chat turn: the message is stored, the reply streams in and is stored as it arrives.
    ///
    /// `stop` ends the reply early (Ctrl-C): what arrived is kept, marked incomplete ("stopped"),
    /// and the stream still finishes with the reply.
    public func chat(_ request: ChatRequest, stop: ReplyStop? = nil) -> AsyncThrowingStream<AssistantEvent, any Error> {
        eventStream(stop: stop) { continuation in
            guard !request.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CodexError.invalidInput("the message is empty", hint: "type something to send")
            }
            let session: Session
            if let reference = request.session {
                session = try await memory.session(reference)
            } else {
                session = try await memory.createSession(title: nil)
            }
            let question = try await memory.append(NewMessage(role: .user, content: request.message), to: session.id)
            let passages = try await documentPassages(for: request)
            let notices = Mutex<[String]>([])
            let events = gateway.streamChat(provider: request.provider, model: request.model) { route in
                let (input, notice) = try await chatInput(
                    route: route, sessionId: session.id, newMessage: question, passages: passages,
                    maxTokens: request.maxTokens)
                if let notice { notices.withLock { $0.append(notice) } }
                return input
            }
            var recorder: ReplyRecorder?
            var provider: ProviderID?
            var model: String?
            var usage: TokenUsage?
            do {
                for try await event in events {
                    switch event {
                    case .routed(let id, let name):
                        (provider, model) = (id, name)
                        continuation.yield(.routed(provider: id, model: name))
                        for notice in notices.withLock({ $0 }) { continuation.yield(.notice(notice)) }
                        let placeholder = try await memory.append(
                            NewMessage(
                                role: .assistant, content: "", model: name, provider: id.rawValue,
                                citations: passages.map(\.citation), incomplete: true), to: session.id)
                        recorder = ReplyRecorder(memory: memory, messageId: placeholder.id)
                        try await memory.recordModel(name, provider: id.rawValue, in: session.id)
                    case .fellBack(let id, let reason): continuation.yield(.fellBack(from: id, reason: reason))
                    case .chat(.token(let piece)):
                        try await recorder?.append(piece)
                        continuation.yield(.token(piece))
                    case .chat(.thinking(let piece)): continuation.yield(.thinking(piece))
                    case .chat(.toolCall(let call)):
                        await recorder?.record(call)
                        continuation.yield(.toolCall(call))
                    case .chat(.usage(let reported)): usage = reported
                    case .chat(.done): break
                    }
                }
                // A cancelled stream ends quietly rather than throwing: a stopped reply must not be
                // recorded as complete.
                try Task.checkCancellation()
            } catch {
                // After the first token the partial reply is kept, marked incomplete; before it, the
                // user's message stays and the error explains why nothing answered.
                guard let recorder else { throw error }
                let stopped = error is CancellationError || stop?.isStopped == true
                let message = stopped ? "stopped" : (error as? CodexError)?.message ?? "\(error)"
                try await recorder.finish(usage: usage, incomplete: true, error: message)
                let text = await recorder.text
                continuation.yield(
                    .finished(
                        AssistantReply(
                            sessionId: session.id, messageId: recorder.messageId, answer: text,
                            citations: Self.citations(in: text, passages: passages), mode: .generated,
                            provider: provider?.rawValue, model: model, usage: .init(usage), incomplete: true,
                            error: message)))
                return
            }
            guard let recorder else { throw CodexError.internal("the model stream ended without answering") }
            try await recorder.finish(usage: usage, incomplete: false, error: nil)
            let text = await recorder.text
            continuation.yield(
                .finished(
                    AssistantReply(
                        sessionId: session.id, messageId: recorder.messageId, answer: text,
                        citations: passages.isEmpty ? [] : Self.citations(in: text, passages: passages),
                        mode: .generated, provider: provider?.rawValue, model: model, usage: .init(usage))))
        }
    }

    private func documentPassages(for request: ChatRequest) async throws -> [Passage] {
        guard let collection = request.collection else { return [] }
        return try await questions.passages(for: request.message, scope: SearchScope(collection: collection), top: 5)
    }

    /// The request for this turn on `route`: history that fits, older turns folded into the summary.
    private func chatInput(
        route: ModelRoute, sessionId: UUID, newMessage: SessionMessage, passages: [Passage], maxTokens: Int?
    ) async throws -> (ChatInput, notice: String?) {
        var system = PassagePrompt.chatInstructions
        if !passages.isEmpty {
            let (block, _) = PassagePrompt.render(passages, tokenBudget: route.contextLength / 3)
            system += "\n\nPassages from the user's documents:\n\n" + block
        }
        let assembler = ContextAssembler(contextLength: route.contextLength)
        let session = try await memory.session(sessionId.storeKey)
        var history = try await memory.messages(in: sessionId, after: session.summarizedThrough, limit: nil)
            .filter { $0.seq < newMessage.seq && !($0.role == .assistant && $0.content.isEmpty && $0.toolCalls.isEmpty) }
        var plan = assembler.plan(
            system: system, summary: session.summary, summarizedThrough: session.summarizedThrough, history: history,
            newMessages: [newMessage.chatMessage])
        var notice: String?
        if let last = plan.unsummarized.last {
            let folded = plan.unsummarized.count
            do {
                let summary = try await summarize(plan.unsummarized, previous: session.summary, route: route)
                try await memory.saveSummary(summary, through: last.seq, in: sessionId)
                history = history.filter { $0.seq > last.seq }
                plan = assembler.plan(
                    system: system, summary: summary, summarizedThrough: last.seq, history: history,
                    newMessages: [newMessage.chatMessage])
                notice = "\(folded) older messages no longer fit the model's context and were folded into a summary"
            } catch {
                notice = "\(folded) older messages do not fit the model's context and were left out (summarising them failed: \((error as? CodexError)?.message ?? "\(error)"))"
            }
        }
        let input = ChatInput(
            model: route.model, messages: plan.messages, maxTokens: maxTokens,
            contextLength: route.setsContextLength ? route.contextLength : nil)
        return (input, notice)
    }

    /// Asks the model to fold older messages into the running summary.
    private func summarize(_ messages: [SessionMessage], previous: String, route: ModelRoute) async throws -> String {
        var transcript = messages.map { "\($0.role.rawValue): \($0.content)" }.joined(separator: "\n")
        let room = max(512, route.contextLength / 2) * 4
        if transcript.utf8.count > room { transcript = String(transcript.suffix(room)) }
        let prompt = """
            Update the summary of a conversation. Keep names, numbers, decisions and open questions. \
            Answer with the summary only, under 200 words.

            Summary so far:
            \(previous.isEmpty ? "(none)" : previous)

            New messages:
            \(transcript)
            """
        let reply = try await route.endpoint.client.chat(
            ChatInput(model: route.model, messages: [.user(prompt)], maxTokens: 400,
                      contextLength: route.setsContextLength ? route.contextLength : nil),
            deadline: .now + .seconds(300))
        let summary = reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !summary.isEmpty else { throw CodexError.internal("the model returned an empty summary") }
        return summary
    }
}
