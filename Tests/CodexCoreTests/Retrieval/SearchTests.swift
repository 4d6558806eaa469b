import Testing

@testable import CodexCore
@testable import CodexSQLite

struct SearchTests {
    @Test func searchRanksPassagesWithCitationHeadingScoreAndPreview() async throws {
        let questions = DocumentSearch(store: try StoreFixture.database(StoreFixture.handbook).store)
        let result = try await questions.search("rotate the signing key", top: 3)
        let first = try #require(result.passages.first)
        #expect(first.rank == 1)
        #expect(first.citation.description == "/docs/security.md:5-8")
        #expect(first.heading == "Security > Key rotation")
        #expect(first.preview.contains("Rotate the signing key every 90 days with `vault rotate signing`."))
        #expect(result.passages.map(\.rank) == Array(1...result.passages.count))
        #expect(zip(result.passages, result.passages.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func searchHonoursCollectionAndPathAndEveryCollectionIsStar() async throws {
        let questions = DocumentSearch(store: try StoreFixture.database(StoreFixture.handbook).store)
        let ops = try await questions.search("backups kept", scope: SearchScope(collection: "ops"))
        #expect(ops.passages.map(\.path) == ["/docs/backup.rst"])
        let install = try await questions.search("install upgrade", scope: SearchScope(pathGlob: "install.md"))
        #expect(Set(install.passages.map(\.path)) == ["/docs/install.md"])
        #expect(SearchScope(collection: "*").collection == nil)
    }
}
