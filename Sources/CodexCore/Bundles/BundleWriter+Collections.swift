import Foundation

extension BundleWriter {
    /// Writes each collection's documents, then its chunks in id order (so ranking ties break the
    /// same way after import), with each vector's int8 codes exactly as stored.
    static func writeCollections(
        _ collections: [CollectionRecord], from source: any BundleSource, into sink: any BundleSink,
        progress: (BundleProgress) -> Void
    ) throws -> [BundleManifest.CollectionEntry] {
        guard !collections.isEmpty else { return [] }
        let total = try source.chunkCount(inCollections: collections.compactMap(\.id))
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
                    embeddingMs: try source.embeddingMilliseconds(ofCollection: collectionId)))
            var indexOfDocument: [Int64: Int] = [:]
            try source.forEachDocument(inCollection: collectionId) { document in
                guard let id = document.id else { return }
                let index = indexOfDocument.count
                indexOfDocument[id] = index
                try sink.writeDocument(
                    BundleDocument(
                        index: index, path: document.path, sha256: document.sha256, size: document.size,
                        mtimeNs: document.mtimeNs, kind: document.kind, chunkCount: document.chunkCount,
                        ingestedAt: document.ingestedAt))
            }
            var chunkCount = 0
            try source.forEachChunk(inCollection: collectionId) { documentId, chunk in
                guard let document = indexOfDocument[documentId] else { return }
                var chunk = chunk
                chunk.document = document
                try sink.writeChunk(chunk)
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
