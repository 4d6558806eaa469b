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
        id = session.id.lowercasedString
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
    /// Absent in bundles written before codex recorded it.
    var mode: Answer.Mode?
    var incomplete: Bool
    var error: String?
    var createdAt: Date
    var firstTokenMs: Int?
    var durationMs: Int?
}

/// `collections/<key>/collection.json`.
struct BundleCollection: Codable, Equatable {
    var name: String
    var embedder: String?
    var dimension: Int?
    var createdAt: Date
    var updatedAt: Date
    /// Time the embedder spent on these vectors where they were made; absent in older bundles
    /// and 0 when it was not measured.
    var embeddingMs: Int64?
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
