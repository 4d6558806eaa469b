import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct WordPieceTokenizerTests {
    private static let weights = EmbedderFixtures.weightsAvailable

    @Test func referenceFixturesAreLoaded() {
        // Given the committed fixtures, then they hold the tricky cases the parity tests iterate over.
        #expect(EmbedderFixtures.tokenizerCases.count >= 30)
        #expect(EmbedderFixtures.tokenizerCases.contains { $0.untruncatedCount > 256 })
    }

    @Test(.enabled(if: weights), arguments: EmbedderFixtures.tokenizerCases)
    func matchesReferenceTokenizer(_ reference: EmbedderFixtures.TokenizerCase) throws {
        // Given the real vocabulary
        let tokenizer = try #require(EmbedderFixtures.embedder?.tokenizer)
        // When a tricky text is tokenized, then the ids are the reference tokenizer's, truncated at 256
        #expect(tokenizer.encode(reference.text) == reference.ids)
        #expect(tokenizer.tokenCount(reference.text) == reference.untruncatedCount)
    }

    private static let tinyVocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "run", "##ning", ",", "!", "cafe", "中",
    ]

    @Test func splitsWordsGreedilyIntoLongestPieces() throws {
        // Given a vocabulary with whole words and ## continuations
        let tokenizer = try WordPieceTokenizer(vocabulary: Self.tinyVocabulary)
        // When words need several pieces, then the longest prefix wins and continuations use ##
        #expect(tokenizer.encode("unaffable running!") == [2, 4, 5, 6, 8, 9, 11, 3])
    }

    @Test func uncoverableAndOverlongWordsBecomeUnknown() throws {
        let tokenizer = try WordPieceTokenizer(vocabulary: Self.tinyVocabulary)
        // A word with an uncoverable tail is one [UNK], not its covered prefix plus [UNK]
        #expect(tokenizer.encode("unaffx run") == [2, 1, 8, 3])
        // A word over 100 characters is [UNK] even if it could be covered
        let long = "un" + String(repeating: "aff", count: 40)
        #expect(tokenizer.encode(long) == [2, 1, 3])
    }

    @Test func normalisesCaseAccentsPunctuationAndCJK() throws {
        let tokenizer = try WordPieceTokenizer(vocabulary: Self.tinyVocabulary)
        // Accents are stripped, case folded, punctuation and ideographs split off, control chars dropped
        #expect(tokenizer.encode("CAFÉ,\u{0}中RUN") == [2, 12, 10, 13, 8, 3])
    }

    @Test func truncationKeepsSeparatorAndLimit() throws {
        // Given a limit of 5 tokens
        let tokenizer = try WordPieceTokenizer(vocabulary: Self.tinyVocabulary, maxLength: 5)
        // When the text has 6 word pieces, then 3 survive between [CLS] and [SEP]
        let text = "run run run run run run"
        #expect(tokenizer.encode(text) == [2, 8, 8, 8, 3])
        #expect(tokenizer.tokenCount(text) == 8)
    }

    @Test func rejectsVocabularyWithoutSpecialTokens() {
        #expect(throws: CodexError.self) { try WordPieceTokenizer(vocabulary: ["a", "b"]) }
    }
}
