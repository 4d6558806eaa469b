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
package struct BundleMessage: Codable, Equatable {
    package var sessionId: String
    package var seq: Int
    package var role: ChatRole
    package var content: String
    package var toolCalls: [ToolCall]?
    package var toolCallId: String?
    package var toolName: String?
    package var model: String?
    package var provider: String?
    package var promptTokens: Int?
    package var completionTokens: Int?
    package var citations: [Citation]?
    /// Absent in bundles written before codex recorded it.
    package var mode: Answer.Mode?
    package var incomplete: Bool
    package var error: String?
    package var createdAt: Date
    package var firstTokenMs: Int?
    package var durationMs: Int?

    package init(
        sessionId: String, seq: Int, role: ChatRole, content: String, toolCalls: [ToolCall]?, toolCallId: String?,
        toolName: String?, model: String?, provider: String?, promptTokens: Int?, completionTokens: Int?,
        citations: [Citation]?, mode: Answer.Mode?, incomplete: Bool, error: String?, createdAt: Date,
        firstTokenMs: Int?, durationMs: Int?
    ) {
        self.sessionId = sessionId
        self.seq = seq
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
        self.toolName = toolName
        self.model = model
        self.provider = provider
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.citations = citations
        self.mode = mode
        self.incomplete = incomplete
        self.error = error
        self.createdAt = createdAt
        self.firstTokenMs = firstTokenMs
        self.durationMs = durationMs
    }
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
package struct BundleChunk: Codable, Equatable {
    package var document: Int
    package var ordinal: Int
    package var startLine: Int
    package var endLine: Int
    package var heading: String
    package var text: String
    package var tokenCount: Int
    package var vector: Vector?

    package init(
        document: Int, ordinal: Int, startLine: Int, endLine: Int, heading: String, text: String, tokenCount: Int,
        vector: Vector?
    ) {
        self.document = document
        self.ordinal = ordinal
        self.startLine = startLine
        self.endLine = endLine
        self.heading = heading
        self.text = text
        self.tokenCount = tokenCount
        self.vector = vector
    }

    package struct Vector: Codable, Equatable {
        package var scale: Double
        /// Base64 of the int8 components.
        package var codes: Data

        package init(scale: Double, codes: Data) {
            self.scale = scale
            self.codes = codes
        }
    }
}
