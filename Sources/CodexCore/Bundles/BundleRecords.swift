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
///
/// Bundle format v1 writes the body's keys beside `session_id` and `seq`, leaves out empty lists
/// and nil fields, and reads lines without `mode` (bundles written before codex recorded it).
@dynamicMemberLookup
package struct BundleMessage: Codable, Equatable {
    /// The session's id as lower-case text, as the store holds it.
    package var sessionId: String
    package var seq: Int
    package var body: MessageBody

    package init(sessionId: String, seq: Int, body: MessageBody) {
        self.sessionId = sessionId
        self.seq = seq
        self.body = body
    }

    package subscript<Value>(dynamicMember field: WritableKeyPath<MessageBody, Value>) -> Value {
        get { body[keyPath: field] }
        set { body[keyPath: field] = newValue }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MessageKey.self)
        self.init(
            sessionId: try container.decode(String.self, forKey: .sessionId),
            seq: try container.decode(Int.self, forKey: .seq), body: try MessageBody(from: container))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MessageKey.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(seq, forKey: .seq)
        try body.encode(to: &container, emptyLists: .omitted)
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
