import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// A generated answer is never worse than none: the documents' own words come with it, its
/// citations are checked, and a model that loops is stopped.
struct GroundedAnswerTests {
    func assistant(_ database: CodexDatabase, _ server: FixtureServer) -> Assistant {
        Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: [ModelFixtures.ollama(server)], logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
    }

    func run(_ tokens: [String], question: String = "How do I rotate the signing key?", request: ((inout Assistant.AskRequest) -> Void)? = nil)
        async throws -> (AssistantReply, notices: [String], sent: JSONValue?)
    {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let ollama = try FixtureServer(try ModelFixtures.ollamaReady() + [ModelFixtures.ollamaStream(tokens)])
        defer { ollama.stop() }
        var ask = Assistant.AskRequest(question: question)
        request?(&ask)
        var notices: [String] = []
        var reply: AssistantReply?
        for try await event in assistant(database, ollama).ask(ask) {
            if case .notice(let text) = event { notices.append(text) }
            if case .finished(let finished) = event { reply = finished }
        }
        return (try #require(reply), notices, ollama.requests.last?.json)
    }

    @Test func supportingQuotesAndRankedPassagesComeWithAGeneratedAnswer() async throws {
        let (reply, notices, sent) = try await run(["Rotate it every 90 days [1]."])
        #expect(reply.mode == .generated)
        #expect(notices.isEmpty)
        let quote = try #require(reply.quotes?.first)
        #expect(quote.text.contains("Rotate the signing key every 90 days"))
        #expect(quote.citation.hasPrefix("/docs/security.md:"))
        #expect(reply.passages?.first?.rank == 1)
        // The request carries a token budget even though the user set none.
        #expect(sent?["options"]?["num_predict"]?.intValue == Assistant.askTokenBudget)
    }

    @Test func citationsOfPassagesNeverGivenAreReportedAndDropped() async throws {
        let (reply, notices, _) = try await run(["Use the rotate command [1][9]."])
        #expect(reply.citations.map(\.number) == [1])
        #expect(reply.unknownCitations == [9])
        #expect(notices.contains { $0.contains("[9]") })
    }

    @Test func anAnswerCitingNothingSaysSo() async throws {
        let (reply, notices, _) = try await run(["You should probably use cache_views."])
        #expect(reply.citations.isEmpty)
        #expect(notices.contains { $0.contains("cites none of the passages") })
        #expect(reply.quotes?.isEmpty == false)
    }

    @Test func aModelThatRepeatsItselfIsStopped() async throws {
        let loop = Array(repeating: "Use cache_views(timeout=15) on the view. ", count: 40)
        let (reply, notices, _) = try await run(loop)
        #expect(reply.answer == "Use cache_views(timeout=15) on the view. ")
        #expect(notices.contains { $0.contains("repeating") })
    }

    @Test func rerankingPutsThePassagesTheModelNamesFirst() {
        let passages = (1...4).map { number in
            Passage(
                chunkId: Int64(number), documentId: 1, collection: "default", path: "/p\(number).md", startLine: 1,
                endLine: 1, heading: "", text: "passage \(number)", score: 1)
        }
        #expect(Assistant.reordered(passages, by: "3, 1", candidates: 4).map(\.chunkId) == [3, 1, 2, 4])
        #expect(Assistant.reordered(passages, by: "[2][9] none", candidates: 4).map(\.chunkId) == [2, 1, 3, 4])
        #expect(Assistant.reordered(passages, by: "no idea", candidates: 4).map(\.chunkId) == [1, 2, 3, 4])
    }

    @Test func rerankAsksTheModelAndReordersByItsReply() async throws {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let ollama = try FixtureServer(try ModelFixtures.ollamaReady() + [ModelFixtures.ollamaStream(["2, 1"])])
        defer { ollama.stop() }
        let question = "rotate the key or install the package"
        let passages = try await DocumentSearch(store: database.store).passages(for: question, scope: SearchScope(), top: 3)
        try #require(passages.count >= 2)
        let reordered = await assistant(database, ollama).rerank(
            passages, question: question, request: .init(question: question, rerank: true), budget: .seconds(10))
        #expect(reordered.first == passages[1])
        #expect(reordered.count == passages.count)
        #expect(ollama.requests.last?.json?["messages"]?[0]?["content"]?.stringValue == PassagePrompt.rerankInstructions)
    }
}
