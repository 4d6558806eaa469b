import CodexCore
import Foundation
import GRDB

/// `codex-bench eval --corpus DIR --questions FILE [--store PATH]`
///
/// Retrieval quality on a real documentation corpus: for each question, the rank of the first
/// result from a file that answers it. Prints hit@5 and MRR@10 for keyword (BM25), semantic
/// (vectors), hybrid (both, fused), and one vector per file (whole-file search, as tools that
/// embed each file once do).
enum RetrievalEval {
    struct QuestionSet: Decodable {
        struct Question: Decodable {
            var q: String
            var relevant: [String]
        }
        var questions: [Question]

        static func load(_ path: String) throws -> QuestionSet {
            try JSONDecoder().decode(QuestionSet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    static func run(_ arguments: [String]) async throws {
        let options = BenchOptions(arguments)
        let corpus = URL(fileURLWithPath: options.string("--corpus", default: ".")).standardizedFileURL.path
        let questionSet = try QuestionSet.load(options.string("--questions", default: ""))
        let path = options.string("--store", default: NSTemporaryDirectory() + "codex-eval.sqlite")
        // --collection NAME: evaluate a store that already holds the corpus (as `codex ingest` made it).
        let reuse = options.has("--collection")
        let collection = options.string("--collection", default: "eval")
        if !reuse {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }

        let database = try CodexDatabase.open(at: path)
        let started = Date()
        let summary = try await IngestRunner(database: database).run(
            [corpus], options: IngestOptions(collection: collection))
        let embedder = BuiltinEmbedderFactory.shared
        let embedded = try await VectorBackfill(database: database, embedder: embedder).run(collection: collection)
        print(
            String(
                format: "corpus: %@ — %d files, %d chunks, %d embedded in %.0f s", corpus, summary.files,
                summary.chunks, embedded, Date().timeIntervalSince(started)))

        var retriever = HybridRetriever(database: database, embedder: embedder)
        if let k = Double(options.string("--k", default: "")) { retriever.fusionK = k }
        if let w = Double(options.string("--semantic-weight", default: "")) { retriever.semanticWeight = w }
        if let d = Int(options.string("--depth", default: "")) { retriever.depth = d }
        let fileSearch = try await WholeFileSearch(database: database, embedder: embedder, root: corpus)
        var table: [(name: String, ranks: [Int?], recall: Double)] = []
        for mode in [HybridRetriever.Mode.keyword, .semantic, .hybrid] {
            var ranks: [Int?] = []
            var recall = 0.0
            for question in questionSet.questions {
                let passages = try await retriever.search(question.q, limit: 10, mode: mode)
                ranks.append(firstRelevantRank(passages.map(\.path), relevant: question.relevant, root: corpus))
                recall += recallAt5(passages.map(\.path), relevant: question.relevant, root: corpus)
            }
            table.append(("codex \(mode.rawValue)", ranks, recall / Double(questionSet.questions.count)))
        }
        var fileRanks: [Int?] = []
        var fileRecall = 0.0
        for question in questionSet.questions {
            let files = try await fileSearch.search(question.q, limit: 10)
            fileRanks.append(firstRelevantRank(files, relevant: question.relevant, root: corpus))
            fileRecall += recallAt5(files, relevant: question.relevant, root: corpus)
        }
        table.append(("one vector per file", fileRanks, fileRecall / Double(questionSet.questions.count)))

        print("\n| method | recall@5 | hit@5 | MRR@10 | questions |")
        print("|---|---|---|---|---|")
        let label = options.string("--label", default: "eval")
        let reportNames = [
            "codex keyword": "codex BM25", "codex semantic": "codex vectors", "codex hybrid": "codex hybrid",
            "one vector per file": "codex one vector per file",
        ]
        for row in table {
            let hits = Double(row.ranks.filter { ($0 ?? 99) <= 5 }.count) / Double(row.ranks.count)
            let mrr = row.ranks.reduce(0.0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / Double(row.ranks.count)
            print(String(format: "| %@ | %.2f | %.2f | %.3f | %d |", row.name, row.recall, hits, mrr, row.ranks.count))
            let tool = reportNames[row.name] ?? row.name
            for (metric, value) in [("hit@5", hits), ("MRR@10", mrr), ("recall@5", row.recall)] {
                BenchResults.record(
                    "quality", "\(label): \(metric)", tool: tool, value: value, unit: metric, better: .higher)
            }
        }
        if options.has("--per-question") {
            for (index, question) in questionSet.questions.enumerated() {
                let ranks = table.map { $0.ranks[index].map(String.init) ?? "-" }.joined(separator: " ")
                print("\(ranks)  \(question.q)")
            }
        }
        if options.has("--misses") {
            for (question, rank) in zip(questionSet.questions, table[2].ranks) where (rank ?? 99) > 5 {
                print("hybrid miss: \(question.q)")
            }
        }
    }

    /// Share of the answering files found among the first 5 distinct files of the results.
    static func recallAt5(_ paths: [String], relevant: [String], root: String) -> Double {
        var files: [String] = []
        for path in paths where !files.contains(path) { files.append(path) }
        let found = relevant.filter { files.prefix(5).contains(root + "/" + $0) }.count
        return Double(found) / Double(relevant.count)
    }

    /// 1-based rank of the first distinct file that answers, among the first 10 results' files.
    static func firstRelevantRank(_ paths: [String], relevant: [String], root: String) -> Int? {
        var files: [String] = []
        for path in paths where !files.contains(path) { files.append(path) }
        for (index, file) in files.prefix(10).enumerated() where relevant.contains(where: { file == root + "/" + $0 }) {
            return index + 1
        }
        return nil
    }
}

/// Whole-file retrieval: each file embedded once (its first 256 tokens, as the model reads no
/// more), ranked by cosine.
private struct WholeFileSearch {
    let embedder: any Embedder
    let files: [(path: String, vector: [Float])]

    init(database: CodexDatabase, embedder: any Embedder, root: String) async throws {
        let documents = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT path FROM document ORDER BY path")
        }
        let texts = documents.map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }
        let vectors = try await embedder.embed(texts, purpose: .document)
        self.embedder = embedder
        files = Array(zip(documents, vectors))
    }

    func search(_ question: String, limit: Int) async throws -> [String] {
        guard let query = try await embedder.embed([question], purpose: .query).first else { return [] }
        return files.map { (path: $0.path, score: zip($0.vector, query).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
            .sorted { $0.score > $1.score }.prefix(limit).map(\.path)
    }
}
