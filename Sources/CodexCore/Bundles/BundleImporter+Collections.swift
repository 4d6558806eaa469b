import Foundation

extension BundleImporter {
    /// Recreates a collection with new local ids, inserting chunks in the bundle's order so
    /// ranking ties break as they did on the exporting machine. Into a merged collection only the
    /// documents it lacks are added.
    static func importCollection(
        _ staged: VerifiedBundle.StagedCollection, as change: ImportPlan.CollectionChange,
        into target: any BundleTarget,
        limits: BundleLimits, report: inout Report
    ) throws {
        let collectionId: Int64
        var existingPaths = Set<String>()
        if change.action == .merge, let localId = try target.collection(named: change.importedAs)?.id {
            collectionId = localId
            try target.touchCollection(id: localId, at: Date())
            existingPaths = try target.documentPaths(inCollection: localId)
        } else {
            collectionId = try target.insertCollection(
                CollectionRecord(
                    name: change.importedAs, embedder: staged.collection.embedder,
                    dimension: staged.collection.dimension, createdAt: staged.collection.createdAt,
                    updatedAt: staged.collection.updatedAt))
        }
        // Bundle document index -> local document id; nil for documents already here.
        var localDocument: [Int64?] = []
        try staged.documents.forEach(limits: limits) { document in
            if existingPaths.contains(document.path) {
                localDocument.append(nil)
                report.documentsSkipped += 1
                return
            }
            let id = try target.insertDocument(
                DocumentRecord(
                    collectionId: collectionId, path: document.path, sha256: document.sha256, size: document.size,
                    mtimeNs: document.mtimeNs, kind: document.kind, chunkCount: document.chunkCount,
                    ingestedAt: document.ingestedAt))
            localDocument.append(id)
            report.documentsImported += 1
        }
        var vectors = 0
        var vectorTokens = 0
        try staged.chunks.forEach(limits: limits) { chunk in
            guard let documentId = localDocument[chunk.document] else { return }
            try target.insertChunk(
                ChunkRecord(
                    documentId: documentId, ordinal: chunk.ordinal, startLine: chunk.startLine, endLine: chunk.endLine,
                    heading: chunk.heading, text: chunk.text, tokenCount: chunk.tokenCount),
                vector: chunk.vector, collectionId: collectionId)
            if chunk.vector != nil {
                vectors += 1
                vectorTokens += chunk.tokenCount
            }
            report.chunksImported += 1
        }
        guard vectors > 0 else { return }
        // The share of the exporting machine's embedding time these vectors stand for (all of it
        // unless some documents were already here).
        let total = staged.entry.chunks
        let measuredMs = staged.collection.embeddingMs.map { Double($0) * Double(vectors) / Double(max(total, 1)) } ?? 0
        try target.addEmbeddingTime(milliseconds: Int64(measuredMs.rounded()), toCollection: collectionId)
        report.vectorsImported += vectors
        var saved = report.embeddingSaved ?? EmbeddingSaved(seconds: 0, measured: true)
        if measuredMs > 0 {
            saved.seconds += measuredMs / 1000
        } else {
            saved.seconds += Double(vectorTokens) / EmbeddingSaved.estimatedTokensPerSecond
            saved.measured = false
        }
        report.embeddingSaved = saved
    }
}

extension BundleImporter.EmbeddingSaved {
    /// The built-in embedder's ingest rate on 2 cores (docs/BENCHMARKS.md: 7,526 tokens/s on the
    /// Django docs), for vectors whose embedding time was not measured.
    static let estimatedTokensPerSecond = 7_500.0
}
