import Foundation

/// `sessions/<id>/session.json`: a session as it travels, with its id as lower-case text.
struct BundleSession: Codable, Equatable {
    var id: String
    var title: String?
    var createdAt: Date
    var updatedAt: Date
    var model: String?
    var provider: String?
    var summary: String
    var summarizedThrough: Int

    init(_ session: Session) {
        id = session.id.storeKey
        title = session.title
        createdAt = session.createdAt
        updatedAt = session.updatedAt
        model = session.model
        provider = session.provider
        summary = session.summary
        summarizedThrough = session.summarizedThrough
    }

    func session(id newId: UUID) -> Session {
        Session(
            id: newId, title: title, createdAt: createdAt, updatedAt: updatedAt, model: model, provider: provider,
            summary: summary, summarizedThrough: summarizedThrough)
    }
}

/// One line of `messages.jsonl`: everything the store keeps about a message except its local row id.
struct BundleMessage: Codable, Equatable {
    var sessionId: String
    var seq: Int
    var role: ChatRole
    var content: String
    var toolCalls: [ToolCall]?
    var toolCallId: String?
    var toolName: String?
    var model: String?
    var provider: String?
    var promptTokens: Int?
    var completionTokens: Int?
    var citations: [Citation]?
    var incomplete: Bool
    var error: String?
    var createdAt: Date
    var firstTokenMs: Int?
    var durationMs: Int?

    init(_ record: MessageRecord) {
        sessionId = record.sessionId.storeKey
        seq = record.seq
        role = record.role
        content = record.content
        toolCalls = record.toolCalls
        toolCallId = record.toolCallId
        toolName = record.toolName
        model = record.model
        provider = record.provider
        promptTokens = record.promptTokens
        completionTokens = record.completionTokens
        citations = record.citations
        incomplete = record.incomplete
        error = record.error
        createdAt = record.createdAt
        firstTokenMs = record.firstTokenMs
        durationMs = record.durationMs
    }

    func record(session: UUID) -> MessageRecord {
        var record = MessageRecord(
            NewMessage(
                role: role, content: content, toolCalls: toolCalls ?? [], toolCallId: toolCallId, toolName: toolName,
                model: model, provider: provider, citations: citations ?? [], incomplete: incomplete),
            session: session, seq: seq, createdAt: createdAt)
        record.promptTokens = promptTokens
        record.completionTokens = completionTokens
        record.error = error
        record.firstTokenMs = firstTokenMs
        record.durationMs = durationMs
        return record
    }
}

/// `collections/<key>/collection.json`.
struct BundleCollection: Codable, Equatable {
    var name: String
    var embedder: String?
    var dimension: Int?
    var createdAt: Date
    var updatedAt: Date
}

/// One line of `documents.jsonl`; `index` is the document's position, which chunks refer to.
struct BundleDocument: Codable, Equatable {
    var index: Int
    var path: String
    var sha256: String
    var size: Int64
    var mtimeNs: Int64
    var kind: String
    var chunkCount: Int
    var ingestedAt: Date
}

/// One line of `chunks.jsonl`, with its vector's int8 codes kept exactly, so retrieval ranks the same.
struct BundleChunk: Codable, Equatable {
    var document: Int
    var ordinal: Int
    var startLine: Int
    var endLine: Int
    var heading: String
    var text: String
    var tokenCount: Int
    var vector: Vector?

    struct Vector: Codable, Equatable {
        var scale: Double
        /// Base64 of the int8 components.
        var codes: Data
    }
}
