import Foundation
import Logging

/// One turn of conversation: memory → context (documents) → gateway → memory.
///
/// The CLI and the server call this and render its events; nothing here prints.
public struct Assistant: Sendable {
    public let store: CodexStore
    public let memory: any MemoryStore
    public let gateway: Gateway
    public let questions: DocumentSearch
    let logger: Logger

    public init(
        store: CodexStore, memory: any MemoryStore, gateway: Gateway, questions: DocumentSearch, logger: Logger
    ) {
        self.store = store
        self.memory = memory
        self.gateway = gateway
        self.questions = questions
        self.logger = logger
    }

    /// Runs `body` as a stream of events; the stream's consumer cancelling stops the work.
    func eventStream(
        stop: ReplyStop? = nil,
        _ body: @escaping @Sendable (AsyncThrowingStream<AssistantEvent, any Error>.Continuation) async throws -> Void
    ) -> AsyncThrowingStream<AssistantEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AssistantEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await body(continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        stop?.watch(task)
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The passages cited by `reply`; all of the given ones when it cites none by number.
    static func citations(in reply: String, passages: [Passage]) -> [Answer.CitedPassage] {
        guard !passages.isEmpty else { return [] }
        let numbers = PassagePrompt.citedNumbers(in: reply, upTo: passages.count)
        return (numbers.isEmpty ? Array(1...passages.count) : numbers).map {
            Answer.CitedPassage(passages[$0 - 1], number: $0)
        }
    }
}

extension AssistantReply.Usage {
    init?(_ usage: TokenUsage?) {
        guard let usage else { return nil }
        self.init(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
    }
}
