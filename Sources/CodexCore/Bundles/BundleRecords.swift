import Foundation
import GRDB

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

    /// The columns `init(row:)` reads, in order.
    static let columns = """
        session_id, seq, role, content, tool_calls, tool_call_id, tool_name, model, provider, prompt_tokens,
        completion_tokens, citations, incomplete, error, created_at, first_token_ms, duration_ms, mode
        """

    /// Reads a `message` row directly: decoding through `MessageRecord` makes GRDB build a JSON
    /// decoder per column per row, which dominated a 100k-message export.
    init(row: Row, decoder: JSONDecoder) throws {
        sessionId = row[0]
        seq = row[1]
        guard let role = ChatRole(rawValue: row[2]) else { throw CodexError.internal("unknown role in the store") }
        self.role = role
        content = row[3]
        toolCalls = try (row[4] as String?).map { try decoder.decode([ToolCall].self, from: Data($0.utf8)) }
        toolCallId = row[5]
        toolName = row[6]
        model = row[7]
        provider = row[8]
        promptTokens = row[9]
        completionTokens = row[10]
        citations = try (row[11] as String?).map { try decoder.decode([Citation].self, from: Data($0.utf8)) }
        incomplete = row[12]
        error = row[13]
        createdAt = row[14]
        firstTokenMs = row[15]
        durationMs = row[16]
        mode = (row[17] as String?).flatMap(Answer.Mode.init(rawValue:))
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
