import CodexCore
import CodexPostgres
import ArgumentParser
import CodexSQLite
import Foundation

/// `codex-bench retrieval-postgres --chunks N --url postgres://… [--queries Q] [--label 100k]`
///
/// One synthetic collection in both stores, searched warm in one run: it is built in SQLite (as
/// `retrieval` builds it), carried into the PostgreSQL database with a bundle (export, then
/// import: the import is timed, as a team moving a laptop's collection up would see it), then
/// the same questions and query vectors go to both stores in turn. Figures are recorded under
/// the `team` area, one row per figure with SQLite and PostgreSQL side by side.
enum PostgresRetrievalBench {
    static func run(_ options: Command) async throws {
        let (chunks, queries) = (options.chunks, options.queries)
        let label = options.label ?? "\(chunks)"
        let path = NSTemporaryDirectory() + "codex-bench-team-\(chunks).sqlite"
        let corpus = SyntheticCorpus(chunks: chunks)
        let (vocabulary, buildSeconds) = try corpus.build(at: path)
        print(String(format: "SQLite store: %d chunks, built in %.1f s", chunks, buildSeconds))
        let sqlite = try SQLiteStore.open(at: path)
        let postgres = try PostgresStore.open(url: options.url)
        if try await postgres.collections.named("bench") != nil { _ = try await postgres.collections.remove("bench") }

        let bundle = URL(fileURLWithPath: NSTemporaryDirectory() + "codex-bench-team-\(chunks).tar.gz")
        defer { try? FileManager.default.removeItem(at: bundle) }
        _ = try BundleWriter(store: sqlite).export(
            BundleSelection(includeDocuments: true, collections: ["bench"]), format: .tarGz, to: bundle)
        let started = Date()
        let report = try BundleImporter(store: postgres).importBundle(at: bundle)
        let importSeconds = Date().timeIntervalSince(started)
        print(
            String(
                format: "PostgreSQL: %d chunks and %d vectors imported in %.1f s (%.0f chunks/s)", report.chunksImported,
                report.vectorsImported, importSeconds, Double(report.chunksImported) / importSeconds))
        BenchResults.record(
            "team", "bundle import into the store, \(label): chunks/s", tool: "codex (PostgreSQL)",
            value: Double(report.chunksImported) / importSeconds, unit: "chunks/s", better: .higher)

        var generator = Xorshift(seed: 7)
        let questions = (0..<queries).map { _ in
            (0..<4).map { _ in vocabulary[Int(generator.next() % 2000)] }.joined(separator: " ")
        }
        let vectors = (0..<queries).map { _ in corpus.randomUnitVector(&generator) }
        for (name, store) in [("SQLite", sqlite), ("PostgreSQL", postgres)] {
            let bm25 = BM25Retriever(store: store)
            let retriever = HybridRetriever(
                store: store, embedder: FixedQueryEmbedder(vectors: vectors, questions: questions))
            // Warm: the matrix loaded, statements prepared, the server's pages cached.
            for question in questions.prefix(20) { _ = try await retriever.search(question, limit: 6) }
            var keyword = Stopwatch(), hybrid = Stopwatch()
            for question in questions {
                _ = try await keyword.measure { try await bm25.search(question, limit: 50) }
                _ = try await hybrid.measure { try await retriever.search(question, limit: 6) }
            }
            print("\(name): warm BM25 (top 50):       \(keyword.summary)")
            print("\(name): warm hybrid, fused top 6: \(hybrid.summary)")
            for (figure, watch) in [("warm BM25 top 50", keyword), ("warm hybrid top 6 (BM25 + vectors)", hybrid)] {
                for percentile in [50.0, 95.0] {
                    BenchResults.record(
                        "team", "\(figure), \(label): p\(Int(percentile)) ms", tool: "codex (\(name))",
                        value: watch.percentile(percentile), unit: "ms")
                }
            }
        }
        try sqlite.close()
        try postgres.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

extension PostgresRetrievalBench {
    struct Command: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieval-postgres",
            abstract: "Warm keyword and fused searches of one synthetic collection in SQLite and in PostgreSQL.")
        @Option(help: "Chunks in the synthetic collection.") var chunks = 10_000
        @Option(help: "Queries to time.") var queries = 200
        @Option(help: "The PostgreSQL database, postgres://….") var url: String
        @Option(help: "The name figures are recorded under (default: the chunk count).") var label: String?

        func run() async throws { try await PostgresRetrievalBench.run(self) }
    }
}
