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
        /// Tools the model may call; nil or empty offers none.
        public var tools: ToolRegistry?
        /// Rounds of tool calls before the model must answer in text.
        public var maxToolRounds: Int
        /// Longest reply, in tokens; nil lets the server decide.
        public var maxTokens: Int?

        public init(
            message: String, session: String? = nil, collection: String? = nil, model: String? = nil,
            provider: ProviderID? = nil, tools: ToolRegistry? = nil, maxToolRounds: Int = 5, maxTokens: Int? = nil
        ) {
            self.tools = tools
            self.maxToolRounds = maxToolRounds
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
    /// With `request.tools`, the model may call tools: each round's assistant message (with its
    /// calls) and each result (a `.tool` message) are stored, and the conversation continues for
    /// up to `maxToolRounds` rounds; the last round offers no tools, so the turn always ends in text.
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
            var followUps: [ChatMessage] = []
            var offerTools = !(request.tools?.tools.isEmpty ?? true)
            var round = 0
            while true {
                let lastRound = round >= max(0, request.maxToolRounds)
                let specs = offerTools && !lastRound ? request.tools?.specs ?? [] : []
                let outcome: RoundOutcome
                do {
                    outcome = try await streamRound(
                        request, session: session, question: question, followUps: followUps, passages: passages,
                        tools: specs, continuation: continuation)
                } catch let error as CodexError where error.kind == .provider && round == 0 {
                    // No model at all: quote the documents, kept in the session like a written reply.
                    guard let reply = try await extractiveChatReply(to: request, in: session, passages: passages)
                    else { throw error }
                    continuation.yield(.finished(reply))
                    return
                }
                if outcome.refusedTools {
                    offerTools = false
                    continuation.yield(.notice("\(outcome.refusingModel ?? "the model") does not support tools; answering without them"))
                    continue
                }
                guard let recorder = outcome.recorder else {
                    throw CodexError.internal("the model stream ended without answering")
                }
                let calls = await recorder.toolCalls
                if let error = outcome.error {
                    return try await finish(recorder, outcome, error: error, session: session, passages: passages, continuation)
                }
                guard let registry = request.tools, !calls.isEmpty, !specs.isEmpty else {
                    return try await finish(recorder, outcome, error: nil, session: session, passages: passages, continuation)
                }
                try await recorder.finish(usage: outcome.usage, incomplete: false, error: nil)
                followUps.append(.assistant(await recorder.text, toolCalls: calls))
                for (index, call) in calls.enumerated() {
                    try Task.checkCancellation()
                    // Old Ollama servers give no ids; results are then matched by name and order.
                    let result = await registry.run(call)
                    let message = ChatMessage(
                        role: .tool, content: result.output.text, toolCallId: call.id ?? "call_\(round)_\(index)",
                        toolName: call.name)
                    _ = try await memory.append(NewMessage(message), to: session.id)
                    followUps.append(message)
                    continuation.yield(.toolResult(result))
                }
                round += 1
            }
        }
    }

    /// What one round of streaming produced.
    struct RoundOutcome {
        var recorder: ReplyRecorder?
        var provider: ProviderID?
        var model: String?
        var usage: TokenUsage?
        /// Set when the stream broke after the reply started; the partial reply is kept.
        var error: String?
        /// The provider answered that the model cannot use tools (before any token).
        var refusedTools = false
        var refusingModel: String?
    }

    private func streamRound(
        _ request: ChatRequest, session: Session, question: SessionMessage, followUps: [ChatMessage],
        passages: [Passage], tools: [ToolSpec],
        continuation: AsyncThrowingStream<AssistantEvent, any Error>.Continuation
    ) async throws -> RoundOutcome {
        let notices = Mutex<[String]>([])
        let events = gateway.streamChat(provider: request.provider, model: request.model) { route in
            var (input, planned) = try await chatInput(
                route: route, sessionId: session.id, newMessage: question, followUps: followUps, passages: passages,
                maxTokens: request.maxTokens, tools: tools, progress: { continuation.yield(.notice($0)) })
            input.tools = tools
            // A second plan on the same turn (after a refusal, or on the next provider) replaces the first's notes.
            notices.withLock { $0 = planned }
            return input
        }
        var outcome = RoundOutcome()
        var toolRefusal = false
        do {
            for try await event in events {
                switch event {
                case .routed(let id, let name):
                    (outcome.provider, outcome.model) = (id, name)
                    continuation.yield(.routed(provider: id, model: name))
                    for notice in notices.withLock({ $0 }) { continuation.yield(.notice(notice)) }
                    let placeholder = try await memory.append(
                        NewMessage(
                            role: .assistant, content: "", model: name, provider: id.rawValue,
                            citations: passages.map(\.citation), mode: .generated, incomplete: true), to: session.id)
                    outcome.recorder = ReplyRecorder(memory: memory, messageId: placeholder.id)
                    try await memory.recordModel(name, provider: id.rawValue, in: session.id)
                case .fellBack(let id, let reason):
                    if !tools.isEmpty && Self.refusesTools(reason) {
                        toolRefusal = true
                        outcome.refusingModel = request.model
                    } else {
                        continuation.yield(.fellBack(from: id, reason: reason))
                    }
                case .chat(.token(let piece)):
                    try await outcome.recorder?.append(piece)
                    continuation.yield(.token(piece))
                case .chat(.thinking(let piece)): continuation.yield(.thinking(piece))
                case .chat(.toolCall(let call)):
                    await outcome.recorder?.record(call)
                    continuation.yield(.toolCall(call))
                case .chat(.usage(let reported)): outcome.usage = reported
                case .chat(.done): break
                }
            }
            // A cancelled stream ends quietly rather than throwing: a stopped reply must not be
            // recorded as complete.
            try Task.checkCancellation()
        } catch {
            // After the first token the partial reply is kept, marked incomplete; before it, the
            // user's message stays and the error explains why nothing answered.
            guard outcome.recorder != nil else {
                if toolRefusal && !(error is CancellationError) {
                    outcome.refusedTools = true
                    return outcome
                }
                throw error
            }
            outcome.error = (error is CancellationError) ? "stopped" : (error as? CodexError)?.message ?? "\(error)"
        }
        return outcome
    }

    /// Ollama: "llama2 does not support tools"; llama.cpp and others: "tools are not supported".
    static func refusesTools(_ reason: String) -> Bool {
        let lowered = reason.lowercased()
        return lowered.contains("does not support tools") || lowered.contains("tools are not supported")
            || lowered.contains("tool calling is not supported") || lowered.contains("does not support tool")
    }

    private func finish(
        _ recorder: ReplyRecorder, _ outcome: RoundOutcome, error: String?, session: Session, passages: [Passage],
        _ continuation: AsyncThrowingStream<AssistantEvent, any Error>.Continuation
    ) async throws {
        try await recorder.finish(usage: outcome.usage, incomplete: error != nil, error: error)
        let text = await recorder.text
        let citations: [Answer.CitedPassage] =
            error != nil ? Self.citations(in: text, passages: passages)
            : passages.isEmpty ? [] : Self.citations(in: text, passages: passages)
        continuation.yield(
            .finished(
                AssistantReply(
                    sessionId: session.id, messageId: recorder.messageId, answer: text, citations: citations,
                    mode: .generated, provider: outcome.provider?.rawValue, model: outcome.model,
                    usage: .init(outcome.usage), incomplete: error != nil, error: error)))
    }

    private func documentPassages(for request: ChatRequest) async throws -> [Passage] {
        guard let collection = request.collection else { return [] }
        return try await questions.passages(for: request.message, scope: SearchScope(collection: collection), top: 5)
    }

    /// The request for this turn on `route`, planned against its window (`TurnPlanner`): long
    /// messages cut to what answers them or read part by part, older turns folded into the
    /// summary with the user's facts pinned. Returns the notes for the user.
    private func chatInput(
        route: ModelRoute, sessionId: UUID, newMessage: SessionMessage, followUps: [ChatMessage], passages: [Passage],
        maxTokens: Int?, tools: [ToolSpec], progress: @escaping @Sendable (String) -> Void
    ) async throws -> (ChatInput, notices: [String]) {
        let window = route.planningWindow
        var system = PassagePrompt.chatInstructions
        if !passages.isEmpty {
            let (block, _) = PassagePrompt.render(passages, tokenBudget: window / 3)
            system += "\n\nPassages from the user's documents:\n\n" + block
        }
        // Tool descriptions travel with the request and take room from the window too.
        let toolTokens = tools.reduce(0) { $0 + TokenEstimate.of($1.functionDescriptor.jsonString) }
        let planner = TurnPlanner(
            assembler: ContextAssembler(contextLength: max(256, window - toolTokens), maxTokens: maxTokens))
        let session = try await memory.session(sessionId.lowercasedString)
        let messages = try await memory.messages(in: sessionId, after: 0, limit: nil)
            .filter { $0.seq <= newMessage.seq }
        var input = TurnPlanner.Input(
            system: system, summary: RunningSummary(stored: session.summary),
            summarizedThrough: session.summarizedThrough, messages: messages, newMessage: newMessage,
            followUps: followUps, sessionLabel: String(sessionId.lowercasedString.prefix(8)))
        var outcome = planner.plan(input)
        if let paste = outcome.needsDigest {
            (input.digest, input.digestReads) = try await digest(
                paste, route: route, room: planner.room(for: input), progress: progress)
            outcome = planner.plan(input)
        }
        var notices: [String] = []
        if !outcome.plan.unsummarized.isEmpty {
            notices.append(try await fold(&input, planner: planner, route: route, progress: progress))
            outcome = planner.plan(input)
        }
        let chatInput = ChatInput(
            model: route.model, messages: outcome.plan.messages, maxTokens: maxTokens,
            contextLength: route.setsContextLength ? route.contextLength : nil)
        return (chatInput, outcome.notices + notices)
    }
}
