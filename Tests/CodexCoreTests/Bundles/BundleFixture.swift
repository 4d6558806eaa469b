import Foundation
import GRDB
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// A deterministic bag-of-words embedder: good enough to make vector search rank, and the same on every run.
struct HashingEmbedder: Embedder {
    var identity = EmbedderIdentity(name: "test:hashing-16", dimension: 16)

    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        texts.map(Self.vector)
    }

    static func vector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: 16)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            let hash = word.unicodeScalars.reduce(UInt32(2_166_136_261)) { ($0 ^ $1.value) &* 16_777_619 }
            vector[Int(hash % 16)] += 1
        }
        let norm = max(vector.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-6)
        return vector.map { $0 / norm }
    }
}

/// A store with two conversations citing an indexed handbook, plus an uncited collection.
enum BundleFixture {
    static let handbook: [(path: String, chunks: [(startLine: Int, heading: String, text: String)])] = [
        (
            "/docs/security.md",
            [
                (1, "Security", "# Security\n\nAll traffic is encrypted with TLS 1.3."),
                (
                    5, "Security > Key rotation",
                    "## Key rotation\n\nRotate the signing key every 90 days with `vault rotate signing`.\n"
                        + "The old key stays valid for 24 hours."
                ),
            ]
        ),
        (
            "/docs/install.md",
            [
                (1, "Install", "# Install\n\nRun `make install` as root. It copies the binary to /usr/local/bin."),
                (
                    6, "Install > Upgrading",
                    "## Upgrading\n\nStop the service, install the new package, then start it again."
                ),
            ]
        ),
    ]

    /// Opens a new store file in `directory` and fills it.
    static func store(in directory: TemporaryDirectory, name: String = "source.sqlite") throws -> CodexDatabase {
        let database = try CodexDatabase.open(at: directory.path + "/" + name)
        try addCollection("handbook", documents: handbook, embedder: HashingEmbedder(), to: database)
        try addCollection(
            "ops",
            documents: [("/ops/backup.rst", [(1, "Backups", "Backups\n=======\n\nNightly backups are kept 30 days.")])],
            embedder: nil, to: database)
        try database.writeSync { db in
            let first = Session(
                id: UUID(uuidString: "11111111-2222-3333-4444-555555555555")!, title: "Key rotation",
                createdAt: Date(timeIntervalSince1970: 1_700_000_000.125),
                updatedAt: Date(timeIntervalSince1970: 1_700_000_100.5),
                model: "llama3.2", provider: "ollama", summary: "asked about keys", summarizedThrough: 1)
            try first.insert(db)
            let call = ToolCall(id: "call_1", name: "search_docs", arguments: #"{"query":"rotate"}"#)
            let messages: [NewMessage] = [
                NewMessage(role: .user, content: "How do I rotate the signing key? ünïcödé ✓"),
                NewMessage(role: .assistant, content: "", toolCalls: [call], model: "llama3.2", provider: "ollama"),
                NewMessage(.toolResult("found it", for: call)),
                NewMessage(
                    role: .assistant, content: "Run vault rotate signing [1]", model: "llama3.2", provider: "ollama",
                    citations: [Citation(path: "/docs/security.md", startLine: 5, endLine: 8)], mode: .generated),
            ]
            for (index, message) in messages.enumerated() {
                var record = MessageRecord(
                    session: first.id, seq: index + 1,
                    body: MessageBody(message, createdAt: Date(timeIntervalSince1970: 1_700_000_000.25 + Double(index))))
                if message.role == .assistant {
                    record.body.promptTokens = 120 + index
                    record.body.completionTokens = 30
                    record.body.firstTokenMs = 180
                    record.body.durationMs = 900
                }
                try record.insert(db)
            }
            let second = Session(
                id: UUID(uuidString: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")!, title: "Interrupted",
                createdAt: Date(timeIntervalSince1970: 1_700_001_000),
                updatedAt: Date(timeIntervalSince1970: 1_700_001_000))
            try second.insert(db)
            var partial = MessageRecord(
                session: second.id, seq: 1,
                body: MessageBody(
                    role: .assistant, content: "Half an ans", mode: .extractive, incomplete: true,
                    error: "connection lost", createdAt: Date(timeIntervalSince1970: 1_700_001_001.999)))
            try partial.insert(db)
        }
        return database
    }

    static func addCollection(
        _ name: String, documents: [(path: String, chunks: [(startLine: Int, heading: String, text: String)])],
        embedder: HashingEmbedder?, to database: CodexDatabase
    ) throws {
        try database.writeSync { db in
            var collection = CollectionRecord(
                name: name, embedder: embedder?.identity.name, dimension: embedder?.identity.dimension,
                createdAt: Date(timeIntervalSince1970: 1_699_000_000),
                updatedAt: Date(timeIntervalSince1970: 1_699_000_000))
            try collection.insert(db)
            for doc in documents {
                var document = DocumentRecord(
                    collectionId: collection.id!, path: doc.path, sha256: String(repeating: "ab", count: 32), size: 100,
                    mtimeNs: 1_699_000_000_000_000_000, kind: "markdown", chunkCount: doc.chunks.count,
                    ingestedAt: Date(timeIntervalSince1970: 1_699_000_001))
                try document.insert(db)
                for (ordinal, chunk) in doc.chunks.enumerated() {
                    let lines = chunk.text.split(separator: "\n", omittingEmptySubsequences: false).count
                    var record = ChunkRecord(
                        documentId: document.id!, ordinal: ordinal, startLine: chunk.startLine,
                        endLine: chunk.startLine + lines - 1, heading: chunk.heading, text: chunk.text,
                        tokenCount: chunk.text.split(separator: " ").count)
                    try record.insert(db)
                    if embedder != nil {
                        try VectorRecord(
                            chunkId: record.id!, collectionId: collection.id!,
                            vector: HashingEmbedder.vector(chunk.heading + " " + chunk.text)
                        ).insert(db)
                    }
                }
            }
        }
    }

    /// SHA-256 over an ordered dump of every table: equal before and after means nothing was written.
    static func checksum(_ database: CodexDatabase) throws -> String {
        try database.readSync { db in
            let hasher = SHA256()
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            for table in tables {
                hasher.update(data: Data("table \(table)\n".utf8))
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
                for row in rows { hasher.update(data: Data((row + "\n").utf8)) }
            }
            return hasher.finalize().hexString
        }
    }
}
