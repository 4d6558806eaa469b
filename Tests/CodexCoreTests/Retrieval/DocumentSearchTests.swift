import Testing

@testable import CodexCore
@testable import CodexSQLite

struct DocumentSearchTests {
    @Test func extractiveAnswerQuotesTheMatchingSentenceWithItsCitation() async throws {
        // Given the handbook
        let questions = DocumentSearch(store: try StoreFixture.database(StoreFixture.handbook).store)
        // When asking about key rotation
        let answer = try await questions.extractiveAnswer(to: "How often do I rotate the signing key?")
        // Then the rotation paragraph is quoted and cited to exactly its lines, and nothing unused is cited
        #expect(answer.mode == .extractive)
        #expect(answer.answer.contains("Rotate the signing key every 90 days"))
        #expect(answer.answer.contains("[1]"))
        #expect(answer.citations.first?.citation == Citation(path: "/docs/security.md", startLine: 7, endLine: 8))
        #expect(answer.quotes.first?.citation == "/docs/security.md:7-8")
        #expect(answer.passages.first?.path == "/docs/security.md")
        let citedNumbers = Set(answer.answer.matches(of: /\[(\d+)\]/).map { Int($0.1)! })
        #expect(citedNumbers == Set(1...answer.citations.count))
        #expect(answer.hint != nil)
    }

    @Test func noMatchIsACleanAnswerNotAnError() async throws {
        let questions = DocumentSearch(store: try StoreFixture.database(StoreFixture.handbook).store)
        let answer = try await questions.extractiveAnswer(to: "kubernetes helm chart")
        #expect(answer.citations.isEmpty)
        #expect(answer.answer.contains("No passage"))
    }

    @Test func emptyQuestionIsRefused() async throws {
        let questions = DocumentSearch(store: try StoreFixture.database(StoreFixture.handbook).store)
        await #expect(throws: CodexError.emptyQuestion()) { try await questions.extractiveAnswer(to: "  \n") }
    }

    @Test func emptyStoreAndUnknownCollectionSayWhatToDo() async throws {
        let empty = DocumentSearch(store: try CodexDatabase.inMemory().store)
        await #expect(throws: CodexError.emptyStore()) { try await empty.extractiveAnswer(to: "key") }
        let questions = DocumentSearch(store: try StoreFixture.database(StoreFixture.handbook).store)
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

    @Test func blocksAreParagraphsListsAndCodeWithTheirLines() {
        let blocks = QuoteBlockParser.blocks(in: "# Title\n\nSteps:\n\n1. Stop it. Then wait.\n2. Start it\n```\nvault rotate\n```")
        #expect(blocks.map(\.kind) == [.heading, .prose, .list, .code])
        #expect(blocks[2].text == "1. Stop it. Then wait.\n2. Start it")
        #expect(blocks[1].leadsIn)
        #expect(blocks.map(\.firstLine) == [0, 2, 4, 6])
        #expect(blocks.last?.text == "vault rotate")
    }

    @Test func aProcedureIsQuotedWhole() {
        let passage = Passage(
            chunkId: 1, documentId: 1, collection: "default", path: "/k.md", startLine: 1, endLine: 9, heading: "Rotate",
            text: "## Rotate the key\n\n1. Create the new key pair.\n2. Publish the new public key.\n3. Retire the old key.\n\nSee also backups.",
            score: 1)
        let quotes = ExtractiveAnswerer().quotes(for: "how do I rotate the key?", from: [passage])
        #expect(quotes.first?.text == "1. Create the new key pair.\n2. Publish the new public key.\n3. Retire the old key.")
        #expect(quotes.first.map { $0.startLine...$0.endLine } == 3...5)
    }
}
