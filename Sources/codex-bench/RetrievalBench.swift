import CodexCore
import CodexSQLite
import Foundation
import GRDB

/// `codex-bench retrieval --chunks N [--queries Q] [--store PATH] [--label 100k] [--dump DIR]`
///
/// Builds (or reuses) a synthetic store and prints warm in-process latencies of the keyword,
/// vector and fused searches. Query vectors are random unit vectors, so the embedder's cost is
/// measured separately (`codex-bench embed`) and end to end by the cold `codex ask` runs.
/// `--dump DIR` writes what the peers need to search the same data: `vectors.f32` (every stored
/// vector, dequantised, N × 384 little-endian floats in chunk order), `queries.f32` and
/// `questions.json` (the keyword questions, for cold `codex ask` runs).
enum RetrievalBench {
    static func run(_ options: Command) async throws {
        let (chunks, queries) = (options.chunks, options.queries)
        let path = options.store ?? NSTemporaryDirectory() + "codex-bench-\(chunks).sqlite"
        let corpus = SyntheticCorpus(chunks: chunks)
        let (vocabulary, buildSeconds) = try corpus.build(at: path)
        print(String(format: "store: %@ (%d chunks, built in %.1f s)", path, chunks, buildSeconds))

        let database = try CodexDatabase.open(at: path)
        let collectionId = try database.readSync { db in try CollectionRecord.named("bench", in: db)!.id! }
        var generator = Xorshift(seed: 7)
        let questions = (0..<queries).map { _ in
            (0..<4).map { _ in vocabulary[Int(generator.next() % 2000)] }.joined(separator: " ")
        }
        let queryVectors = (0..<queries).map { _ in corpus.randomUnitVector(&generator) }

        var load = Stopwatch()
        let index = try await load.measure {
            try await database.store.vectors.matrix(ofCollection: collectionId, dimension: 384).index
        }
        print(String(format: "vector matrix load (cold): %.1f ms for %d vectors", load.samples[0], index.count))

        let bm25 = BM25Retriever(store: database.store)
        var keyword = Stopwatch(), vector = Stopwatch(), hybrid = Stopwatch()
        let retriever = HybridRetriever(
            store: database.store, embedder: FixedQueryEmbedder(vectors: queryVectors, questions: questions))
        _ = try await retriever.search(questions[0], limit: 6)  // warm: matrix loaded, statements prepared
        for (question, queryVector) in zip(questions, queryVectors) {
            _ = try await keyword.measure { try await bm25.search(question, limit: 50) }
            _ = await vector.measure { index.search(queryVector, limit: 50) }
            _ = try await hybrid.measure { try await retriever.search(question, limit: 6) }
        }
        print("warm BM25 (top 50):             \(keyword.summary)")
        print("warm vector scan (top 50):      \(vector.summary)")
        print("warm hybrid, fused top 6:       \(hybrid.summary)")
        print(String(format: "peak RSS: %.0f MB", peakResidentMegabytes()))
        let label = options.label ?? "\(chunks)"
        for (name, watch) in [
            ("warm BM25 top 50", keyword), ("warm exact top-50 vector search", vector),
            ("warm hybrid top 6 (BM25 + vectors)", hybrid),
        ] {
            BenchResults.record("retrieval", "\(name), \(label): p50 ms", value: watch.percentile(50), unit: "ms")
            BenchResults.record("retrieval", "\(name), \(label): p95 ms", value: watch.percentile(95), unit: "ms")
        }
        BenchResults.record("retrieval", "vector matrix load, \(label): ms", value: load.samples[0], unit: "ms")
        if let folder = options.dump {
            try dump(
                to: folder, database: database, collectionId: collectionId,
                queries: queryVectors, questions: questions)
        }
    }

    /// The stored vectors as the scan sees them (int8 codes times their scale), for the peers.
    private static func dump(
        to directory: String, database: CodexDatabase, collectionId: Int64, queries: [[Float]], questions: [String]
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var vectors = Data()
        try database.readSync { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT scale, codes FROM vector WHERE collection_id = ? ORDER BY chunk_id",
                arguments: [collectionId])
            while let row = try rows.next() {
                let scale = Float(row[0] as Double)
                let codes: Data = row[1]
                var floats = codes.map { Float(Int8(bitPattern: $0)) * scale }
                vectors.append(Data(bytes: &floats, count: floats.count * 4))
            }
        }
        try vectors.write(to: URL(fileURLWithPath: directory + "/vectors.f32"))
        var flat = queries.flatMap { $0 }
        try Data(bytes: &flat, count: flat.count * 4).write(to: URL(fileURLWithPath: directory + "/queries.f32"))
        let questionSet = ["questions": questions.map { ["q": $0] }]
        try JSONSerialization.data(withJSONObject: questionSet).write(
            to: URL(fileURLWithPath: directory + "/questions.json"))
    }
}

/// Hands out pre-drawn random query vectors, so the warm numbers measure retrieval alone.
struct FixedQueryEmbedder: Embedder {
    let identity = EmbedderIdentity(name: "builtin:all-minilm-l6-v2", dimension: 384)
    let byQuestion: [String: [Float]]

    init(vectors: [[Float]], questions: [String]) {
        byQuestion = Dictionary(zip(questions, vectors), uniquingKeysWith: { first, _ in first })
    }

    func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        texts.map { byQuestion[$0] ?? [Float](repeating: 0, count: 384) }
    }
}
