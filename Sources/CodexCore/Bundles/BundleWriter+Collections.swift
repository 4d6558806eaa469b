import Foundation
import GRDB

extension BundleWriter {
    /// Writes each collection's documents, then its chunks in id order (so ranking ties break the
    /// same way after import), with each vector's int8 codes exactly as stored.
    static func writeCollections(
        _ collections: [CollectionRecord], from db: Database, into sink: any BundleSink,
        progress: (BundleProgress) -> Void
    ) throws -> [BundleManifest.CollectionEntry] {
        guard !collections.isEmpty else { return [] }
        let total =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM chunk c JOIN document d ON d.id = c.document_id
                    WHERE d.collection_id IN (\(databaseQuestionMarks(count: collections.count)))
                    """, arguments: StatementArguments(collections.compactMap(\.id))) ?? 0
        var done = 0
        var entries: [BundleManifest.CollectionEntry] = []
        for (position, collection) in collections.enumerated() {
            guard let collectionId = collection.id else { continue }
            let key = "c\(position + 1)"
            try sink.beginCollection(
                key: key,
                BundleCollection(
                    name: collection.name, embedder: collection.embedder, dimension: collection.dimension,
                    createdAt: collection.createdAt, updatedAt: collection.updatedAt,
                    embeddingMs: try Int64.fetchOne(
                        db, sql: "SELECT embedding_ms FROM collection WHERE id = ?", arguments: [collectionId])))
            var indexOfDocument: [Int64: Int] = [:]
            let documents = try DocumentRecord.filter(Column("collection_id") == collectionId).order(Column("id"))
                .fetchCursor(db)
            while let document = try documents.next() {
                guard let id = document.id else { continue }
                let index = indexOfDocument.count
                indexOfDocument[id] = index
                try sink.writeDocument(
                    BundleDocument(
                        index: index, path: document.path, sha256: document.sha256, size: document.size,
                        mtimeNs: document.mtimeNs, kind: document.kind, chunkCount: document.chunkCount,
                        ingestedAt: document.ingestedAt))
            }
            var chunkCount = 0
            let chunks = try Row.fetchCursor(
                db,
                sql: """
                    SELECT c.document_id, c.ordinal, c.start_line, c.end_line, c.heading, c.text, c.token_count,
                           v.scale, v.codes
                    FROM chunk c JOIN document d ON d.id = c.document_id LEFT JOIN vector v ON v.chunk_id = c.id
                    WHERE d.collection_id = ? ORDER BY c.id
                    """, arguments: [collectionId])
            while let row = try chunks.next() {
                guard let document = indexOfDocument[row[0]] else { continue }
                let scale: Double? = row[7]
                let codes: Data? = row[8]
                try sink.writeChunk(
                    BundleChunk(
                        document: document, ordinal: row[1], startLine: row[2], endLine: row[3], heading: row[4],
                        text: row[5], tokenCount: row[6],
                        vector: scale.flatMap { scale in codes.map { BundleChunk.Vector(scale: scale, codes: $0) } }))
                chunkCount += 1
                done += 1
                if done % 1000 == 0 { progress(BundleProgress(phase: .exportingDocuments, done: done, total: total)) }
            }
            try sink.endCollection()
            entries.append(
                BundleManifest.CollectionEntry(
                    key: key, name: collection.name, embedder: collection.embedder, dimension: collection.dimension,
                    documents: indexOfDocument.count, chunks: chunkCount))
        }
        progress(BundleProgress(phase: .exportingDocuments, done: done, total: total))
        return entries
    }
}
