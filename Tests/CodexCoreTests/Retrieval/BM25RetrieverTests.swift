import Testing

@testable import CodexCore
@testable import CodexSQLite

struct BM25RetrieverTests {
    @Test func findsThePassageThatAnswersTheQuestionFirst() async throws {
        let retriever = BM25Retriever(store: try StoreFixture.database(StoreFixture.handbook).store)
        let passages = try await retriever.search("How often should I rotate the signing key?", limit: 3)
        let first = try #require(passages.first)
        #expect(first.citation == Citation(path: "/docs/security.md", startLine: 5, endLine: 8))
        #expect(passages.map(\.score) == passages.map(\.score).sorted(by: >))
    }

    @Test(arguments: [
        "\"unbalanced quote", "rotate*", "NEAR(signing key)", "signing AND OR NOT", "((key", "key)", "col:signing",
        "^signing", "-signing +key", "'; DROP TABLE chunk; --", "🔑 signing", "",
    ])
    func hostileQueriesNeverFail(question: String) async throws {
        let retriever = BM25Retriever(store: try StoreFixture.database(StoreFixture.handbook).store)
        let passages = try await retriever.search(question, limit: 5)
        let words = FullTextQuery.terms(in: question)
        if words.contains("signing") || words.contains("key") || words.contains("rotate") {
            #expect(passages.first?.path == "/docs/security.md")
        }
    }

    @Test func scopeLimitsResultsToOneCollection() async throws {
        let retriever = BM25Retriever(store: try StoreFixture.database(StoreFixture.handbook).store)
        let everywhere = try await retriever.search("backups kept days", limit: 5)
        let inDefault = try await retriever.search("backups kept days", scope: SearchScope(collection: "default"), limit: 5)
        #expect(everywhere.first?.path == "/docs/backup.rst")
        #expect(inDefault.allSatisfy { $0.collection == "default" })
    }

    @Test func headingsCountTowardsTheMatch() async throws {
        let retriever = BM25Retriever(store: try StoreFixture.database(StoreFixture.handbook).store)
        let passages = try await retriever.search("upgrading", limit: 1)
        #expect(passages.first?.heading == "Install > Upgrading")
    }
}

struct FullTextQueryTests {
    @Test func dropsStopWordsAndSyntax() {
        #expect(FullTextQuery.match(for: "How do I rotate the \"signing\" key?") == "\"rotate\" OR \"signing\" OR \"key\"")
    }

    @Test func aQuestionOfOnlyStopWordsStillSearches() {
        #expect(FullTextQuery.match(for: "how do I") == "\"how\" OR \"do\" OR \"i\"")
    }

    @Test func noWordsMeansNoQuery() {
        #expect(FullTextQuery.match(for: "?!* ()") == nil)
    }

    @Test func splitsOnPunctuationLikeTheIndexTokenizer() {
        #expect(FullTextQuery.terms(in: "vault_rotate-signing Über") == ["vault", "rotate", "signing", "über"])
    }
}

struct SelectiveMatchTests {
    /// Twenty chunks say "service"; one also says "rotation".
    static func corpus() throws -> CodexDatabase {
        var chunks: [(startLine: Int, heading: String, text: String)] = (0..<20).map {
            ($0 * 3 + 1, "", "The service handles request number \($0).")
        }
        chunks.append((61, "", "Key rotation of the service happens every 90 days."))
        return try StoreFixture.database([StoreFixture.Doc(path: "/docs/big.md", chunks: chunks)])
    }

    @Test func commonWordsAreLeftOutWhenTheyWouldExceedTheBudget() throws {
        let database = try Self.corpus()
        let match = try database.readSync { db in
            try SQLiteKeywordIndex.selectiveMatch(["service", "rotation"], budget: 10, in: db)
        }
        #expect(match == "\"rotation\"")
    }

    @Test func theRarestWordIsKeptEvenOverBudgetAndStemsAreCounted() throws {
        let database = try Self.corpus()
        let (onlyCommon, inflected) = try database.readSync { db in
            (
                try SQLiteKeywordIndex.selectiveMatch(["services"], budget: 5, in: db),
                try SQLiteKeywordIndex.selectiveMatch(["rotations", "service"], budget: 100, in: db)
            )
        }
        #expect(onlyCommon == "\"services\"")
        #expect(inflected == "\"rotations\" OR \"service\"")
    }

    @Test func wordsFoundNowhereMatchNothing() async throws {
        let retriever = BM25Retriever(store: try Self.corpus().store)
        #expect(try await retriever.search("kubernetes helm", limit: 5).isEmpty)
        let hits = try await retriever.search("service rotation", limit: 1)
        #expect(hits.first?.startLine == 61)
    }
}
