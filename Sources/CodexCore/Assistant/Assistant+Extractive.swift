import Foundation

extension Assistant {
    /// Said with every answer quoted because no model could be reached.
    static let noModelHint =
        "no model server is running, so this answer quotes your documents; start one (e.g. `ollama serve`) for written answers"

    /// A chat turn with no model reachable: the best passages of the documents, quoted and cited,
    /// stored in the session as the reply (mode extractive), so a conversation held on a laptop
    /// without a model is kept, exported and continued like any other.
    ///
    /// Passages come from the chat's collection when it has one, else from every collection; nil
    /// when there is nothing to quote (an empty store), so the caller reports the provider error.
    func extractiveChatReply(
        to request: ChatRequest, in session: Session, passages: [Passage]
    ) async throws -> AssistantReply? {
        var found = passages
        if request.collection == nil {
            do {
                found = try await questions.passages(for: request.message, scope: SearchScope(), top: 6)
            } catch let error as CodexError where error.kind == .notFound || error.kind == .invalidInput {
                return nil
            }
        }
        guard !found.isEmpty else { return nil }
        let answer = DocumentSearch.extractiveAnswer(to: request.message, from: found, answerer: questions.answerer)
        let stored = try await memory.append(
            NewMessage(
                role: .assistant, content: answer.answer, citations: answer.citations.map(\.citation),
                mode: .extractive), to: session.id)
        var reply = AssistantReply(extractive: answer)
        reply.sessionId = session.id
        reply.messageId = stored.id
        reply.hint = Self.noModelHint
        return reply
    }
}
