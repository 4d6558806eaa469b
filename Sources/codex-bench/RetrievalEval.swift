import CodexCore
import CodexStores
import Foundation

/// `codex-bench eval --corpus DIR --questions FILE [--store PATH] [--collection NAME] [--label L]
///  [--modes hybrid,keyword,semantic] [--whole-file] [--per-question] [--misses] [--embed-shared-lines]`
///
/// Quality on a real documentation corpus, measured as a new user meets it:
/// - ranked retrieval: the first 10 distinct files of the top 20 passages (as `search_docs`
///   returns them), scored by the rank of the first file that answers: hit@1, hit@5, MRR@10;
/// - the model-free answer `codex ask` gives (hybrid retrieval, 6 passages): is the first file
///   it cites one that answers ("right file first"), and does its text hold every key term of
///   the question (an option, a setting, a function), compared case-insensitively;
/// - for comparison, whether the full text of the top three passages holds every key term
///   (what an answer could reach by quoting more), and one vector per file (as `llm similar`).
enum RetrievalEval {
    struct QuestionSet: Decodable {
        struct Question: Decodable {
            var q: String
            var relevant: [String]
            var keyTerms: [String]?

            enum CodingKeys: String, CodingKey {
                case q, relevant
                case keyTerms = "key_terms"
            }
        }
        var questions: [Question]

        static func load(_ path: String) throws -> QuestionSet {
            try JSONDecoder().decode(QuestionSet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    static func run(_ options: Command) async throws {
        let corpus = URL(fileURLWithPath: options.corpus).standardizedFileURL.path
        let questionSet = try QuestionSet.load(options.questions)
        let path = options.store ?? NSTemporaryDirectory() + "codex-eval.sqlite"
        // --collection NAME: evaluate a store that already holds the corpus (as `codex ingest` made it).
        let reuse = options.collection != nil
        let collection = options.collection ?? "eval"
        // --store postgres://…: the same evaluation on a PostgreSQL store (its collection rebuilt).
        let onServer = StoreLocation.scheme(of: path) != nil
        if !reuse, !onServer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try StoreLocation.open(path)
        if !reuse, onServer, try await store.collections.named(collection) != nil {
            _ = try await store.collections.remove(collection)
        }
        let started = Date()
        let summary = try await IngestRunner(store: store).run(
            [corpus], options: IngestOptions(collection: collection))
        // --no-vectors: keywords only (no embedding phase), for a quick look at a large corpus.
        let embedder: (any Embedder)? = options.noVectors ? nil : BuiltinEmbedderFactory.shared
        var embedded = 0
        if let embedder {
            var backfill = VectorBackfill(store: store, embedder: embedder)
            // --embed-shared-lines: chunks embedded whole, overlap included (the way before 2026-12).
            backfill.embedsSharedLines = options.embedSharedLines
            embedded = try await backfill.run(collection: collection)
        }
        print(
            String(
                format: "corpus: %@ — %d files, %d chunks, %d embedded in %.0f s", corpus, summary.files,
                summary.chunks, embedded, Date().timeIntervalSince(started)))

        let vectors = VectorIndexCache()
        var retriever = HybridRetriever(store: store, embedder: embedder, vectors: vectors)
        if let k = options.k { retriever.fusionK = k }
        if let w = options.semanticWeight { retriever.semanticWeight = w }
        if let d = options.depth { retriever.depth = d }
        if let s = options.fileSupport { retriever.fileSupport = s }
        if let h = options.headingWeight { retriever.headingWeight = h }
        let modes = options.modes.split(separator: ",")
            .compactMap { HybridRetriever.Mode(rawValue: String($0)) }
        let questions = questionSet.questions
        let judge = Judge(root: corpus)
        var table: [(name: String, ranks: [Int?])] = []
        for mode in modes {
            var ranks: [Int?] = []
            for question in questions {
                let passages = try await retriever.search(question.q, limit: 20, mode: mode)
                ranks.append(judge.firstRelevantRank(passages.map(\.path), relevant: question.relevant))
            }
            table.append(("codex \(mode.rawValue)", ranks))
        }
        if options.wholeFile, let embedder {
            let fileSearch = try await WholeFileSearch(store: store, collection: collection, embedder: embedder, root: corpus)
            var ranks: [Int?] = []
            for question in questions {
                let files = try await fileSearch.search(question.q, limit: 10)
                ranks.append(judge.firstRelevantRank(files, relevant: question.relevant))
            }
            table.append(("one vector per file", ranks))
        }

        // The answer `codex ask --no-generate` gives, with its defaults.
        let documents = DocumentSearch(store: store, embedder: embedder, vectors: vectors)
        var answers: [AnswerVerdict] = []
        for question in questions {
            let answer = try await documents.extractiveAnswer(to: question.q)
            let top3 = try await retriever.search(question.q, limit: 3).map(\.text).joined(separator: "\n")
            answers.append(judge.verdict(answer, topPassages: top3, question: question))
        }

        let label = options.label
        print("\n| method | hit@1 | hit@5 | MRR@10 | questions |")
        print("|---|---|---|---|---|")
        let reportNames = [
            "codex keyword": "codex BM25", "codex semantic": "codex vectors", "codex hybrid": "codex hybrid",
            "one vector per file": "codex one vector per file",
        ]
        for row in table {
            let scores = RankScores(row.ranks)
            print(
                String(
                    format: "| %@ | %.2f | %.2f | %.3f | %d |", row.name, scores.hit1, scores.hit5, scores.mrr,
                    row.ranks.count))
            let tool = reportNames[row.name] ?? row.name
            for (metric, value) in [("hit@1", scores.hit1), ("hit@5", scores.hit5), ("MRR@10", scores.mrr)] {
                BenchResults.record(
                    "quality", "\(label): \(metric)", tool: tool, value: value, unit: metric, better: .higher)
            }
        }
        let withTerms = answers.filter { $0.hasKeyTerms }
        let firstRight = Double(answers.filter(\.rightFileFirst).count) / Double(max(answers.count, 1))
        let terms = Double(withTerms.filter(\.answerHoldsTerms).count) / Double(max(withTerms.count, 1))
        let ceiling = Double(withTerms.filter(\.passagesHoldTerms).count) / Double(max(withTerms.count, 1))
        print("\n| model-free answer | right file cited first | answer holds all key terms | top 3 passages hold them |")
        print("|---|---|---|---|")
        print(String(format: "| codex ask --no-generate | %.2f | %.2f | %.2f |", firstRight, terms, ceiling))
        for (metric, value) in [
            ("right file cited first", firstRight), ("answer holds key terms", terms),
            ("top 3 passages hold key terms", ceiling),
        ] {
            BenchResults.record("quality", "\(label): \(metric)", tool: "codex", value: value, unit: "share", better: .higher)
        }
        if options.perQuestion {
            print("\nranks (\(table.map(\.name).joined(separator: ", "))), first cited right, terms in answer, terms in top 3:")
            for (index, question) in questions.enumerated() {
                let ranks = table.map { $0.ranks[index].map(String.init) ?? "-" }.joined(separator: " ")
                let verdict = answers[index]
                print("\(ranks) \(verdict.rightFileFirst ? "R" : "-")\(verdict.answerHoldsTerms ? "T" : "-")\(verdict.passagesHoldTerms ? "P" : "-")  \(question.q)")
            }
        }
        if options.misses {
            for (question, verdict) in zip(questions, answers) where verdict.hasKeyTerms && !verdict.answerHoldsTerms {
                print("\n### \(question.q)  [needs: \(question.keyTerms?.joined(separator: ", ") ?? "")]")
                print(verdict.answer)
            }
        }
    }
}

/// Whole-file retrieval: each file embedded once (its first 256 tokens, as the model reads no
/// more), ranked by cosine.
private struct WholeFileSearch {
    let embedder: any Embedder
    let files: [(path: String, vector: [Float])]

    init(store: CodexStore, collection: String, embedder: any Embedder, root: String) async throws {
        let id = try await store.collections.named(collection)?.id ?? -1
        let documents = try store.documents.storedDocuments(inCollection: id, under: [root]).keys.sorted()
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
