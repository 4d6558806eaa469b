import CodexCore
import CodexSQLite
import Foundation

/// `codex-bench warm --store PATH --questions FILE [--rounds N]`
///
/// What a query costs a long-running process (the server, a chat): hybrid search of a real
/// store, the question embedded each time by the built-in embedder (no cache), after one
/// warm-up query has loaded the weights and the vector matrix. Run beside refpipe's warm mode.
enum WarmQueryBench {
    static func run(_ options: Command) async throws {
        let questions = try RetrievalEval.QuestionSet.load(options.questions).questions
        let database = try CodexDatabase.open(at: options.store)
        let retriever = HybridRetriever(store: database.store, embedder: try BuiltinEmbedder())
        _ = try await retriever.search("warm up", limit: 6)
        var watch = Stopwatch()
        for _ in 0..<options.rounds {
            for question in questions {
                _ = try await watch.measure { try await retriever.search(question.q, limit: 6) }
            }
        }
        print("warm hybrid query with embedding (\(watch.samples.count) queries): \(watch.summary)")
        for (name, p) in [("p50", 50.0), ("p95", 95.0)] {
            BenchResults.record(
                "retrieval", "warm hybrid query with embedding, real corpus: \(name) ms", value: watch.percentile(p),
                unit: "ms")
        }
    }
}
