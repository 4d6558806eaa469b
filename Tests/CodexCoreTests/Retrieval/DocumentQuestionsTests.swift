import Testing

@testable import CodexCore

struct DocumentQuestionsTests {
    @Test func extractiveAnswerQuotesTheMatchingSentenceWithItsCitation() async throws {
        // Given the handbook
        let questions = DocumentQuestions(database: try StoreFixture.database(StoreFixture.handbook))
        // When asking about key rotation
        let answer = try await questions.extractiveAnswer(to: "How often do I rotate the signing key?")
        // Then the rotation sentence is quoted and cited to its exact lines, and nothing unused is cited
        #expect(answer.mode == .extractive)
        #expect(answer.answer.contains("Rotate the signing key every 90 days"))
        #expect(answer.answer.contains("[1]"))
        #expect(answer.citations.first?.citation == Citation(path: "/docs/security.md", startLine: 5, endLine: 8))
        let citedNumbers = Set(answer.answer.matches(of: /\[(\d+)\]/).map { Int($0.1)! })
        #expect(citedNumbers == Set(1...answer.citations.count))
        #expect(answer.hint != nil)
    }

    @Test func noMatchIsACleanAnswerNotAnError() async throws {
        let questions = DocumentQuestions(database: try StoreFixture.database(StoreFixture.handbook))
        let answer = try await questions.extractiveAnswer(to: "kubernetes helm chart")
        #expect(answer.citations.isEmpty)
        #expect(answer.answer.contains("No passage"))
    }

    @Test func emptyQuestionIsRefused() async throws {
        let questions = DocumentQuestions(database: try StoreFixture.database(StoreFixture.handbook))
        await #expect(throws: CodexError.emptyQuestion()) { try await questions.extractiveAnswer(to: "  \n") }
    }

    @Test func emptyStoreAndUnknownCollectionSayWhatToDo() async throws {
        let empty = DocumentQuestions(database: try CodexDatabase.inMemory())
        await #expect(throws: CodexError.emptyStore()) { try await empty.extractiveAnswer(to: "key") }
        let questions = DocumentQuestions(database: try StoreFixture.database(StoreFixture.handbook))
        await #expect(throws: CodexError.collectionNotFound("nope")) {
            try await questions.extractiveAnswer(to: "key", scope: SearchScope(collection: "nope"))
        }
    }
}

struct ExtractiveAnswererTests {
    @Test func stemsMatchInflections() {
        #expect(ExtractiveAnswerer.stem("rotating") == ExtractiveAnswerer.stem("rotate"))
        #expect(ExtractiveAnswerer.stem("keys") == ExtractiveAnswerer.stem("key"))
    }

    @Test func listItemsAndCodeLinesAreQuotedOnTheirOwn() {
        let sentences = SentenceSplitter.sentences(in: "Steps:\n\n1. Stop it. Then wait.\n- Start it\n```\nvault rotate\n```")
        #expect(sentences == ["Steps:", "Stop it.", "Then wait.", "Start it", "vault rotate"])
    }
}
