import CodexTestSupport
import Foundation
import Testing

@testable import CodexCore

/// The PostgreSQL store computes BM25 in SQL; the SQLite store has FTS5 compute it. On one corpus
/// both must return the same passages in the same order with the same scores, or answers would
/// change with the backend a team picked.
struct KeywordRankingParityTests {
    /// Words of very different frequencies (the first ones most common), including two with one
    /// stem ("rotate", "rotating") and one only in headings ("runbook").
    static let vocabulary = [
        "the", "key", "file", "server", "rotate", "rotating", "token", "backup", "index", "albatross", "quorum",
        "latency", "cache", "shard", "replica", "vacuum", "ledger", "beacon", "zephyr", "kestrel",
    ]

    /// Sixty documents of one to three chunks, the same on every run (seeded).
    static func fill(_ store: CodexStore) throws {
        var random = SeededRandom(seed: 17)
        let docs = try store.collections.findOrCreate(named: "docs")
        let ops = try store.collections.findOrCreate(named: "ops")
        for number in 0..<60 {
            let chunks = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                // Zipf-like: word i is drawn about 1/(i+1) as often as the first.
                let words = (0..<Int.random(in: 4...40, using: &random)).map { _ in
                    vocabulary[min(Int(Double(vocabulary.count) * pow(Double.random(in: 0..<1, using: &random), 3)), vocabulary.count - 1)]
                }
                let heading = Bool.random(using: &random) ? "Runbook \(vocabulary[number % vocabulary.count])" : ""
                return (heading: heading, text: words.joined(separator: " "))
            }
            try StoreContractTests.store(
                "/\(number % 3 == 0 ? "ops" : "docs")/note-\(number).md", chunks: chunks, in: number % 3 == 0 ? ops : docs,
                of: store)
        }
    }

    static let questions: [(terms: [String], scope: SearchScope, budget: Int)] = [
        (["albatross"], SearchScope(), 6_000),
        (["rotate", "rotating", "key"], SearchScope(), 6_000),
        (["the", "server", "quorum", "kestrel"], SearchScope(), 6_000),
        (["the", "server", "quorum", "kestrel"], SearchScope(), 40),
        (["runbook", "zephyr"], SearchScope(), 6_000),
        (["cache", "shard", "ledger"], SearchScope(collection: "ops"), 6_000),
        (["cache", "token"], SearchScope(pathGlob: "docs/note-1*.md"), 6_000),
        (["nothing", "matches"], SearchScope(), 6_000),
    ]

    @Test func bothStoresRankEveryQuestionAlikeWithTheSameScores() async throws {
        let sqliteDir = try TemporaryDirectory(), postgresDir = try TemporaryDirectory()
        let sqlite = try StoreFactory.sqlite.make(sqliteDir)
        let postgres = try StoreFactory.postgres.make(postgresDir)
        try Self.fill(sqlite)
        try Self.fill(postgres)
        var compared = 0
        for question in Self.questions {
            let expected = try await sqlite.keywords.search(
                terms: question.terms, scope: question.scope, limit: 15, headingWeight: 2, matchBudget: question.budget)
            let found = try await postgres.keywords.search(
                terms: question.terms, scope: question.scope, limit: 15, headingWeight: 2, matchBudget: question.budget)
            #expect(found.count == expected.count, "\(question.terms)")
            for (mine, theirs) in zip(found, expected) {
                // Ties may come in either order; scores must agree to rounding.
                #expect(abs(mine.score - theirs.score) <= 1e-9 * max(1, abs(theirs.score)), "\(question.terms)")
                #expect(expected.contains { $0.path == mine.path && $0.startLine == mine.startLine && abs($0.score - mine.score) <= 1e-9 * max(1, abs(mine.score)) })
                compared += 1
            }
        }
        // The corpus is not so sparse that the comparison is empty.
        #expect(compared > 60)
    }
}
