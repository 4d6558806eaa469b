import Foundation

/// BERT's uncased WordPiece tokenizer: text → token ids, `[CLS] … [SEP]`, as the reference
/// (Hugging Face `BertTokenizerFast`, which sentence-transformers uses) produces them.
///
/// Two stages, as in BERT: basic tokenization (clean control characters, normalise whitespace,
/// space out CJK ideographs, NFD + strip accents + lower-case, split off punctuation; see
/// `WordPieceTokenizer+BasicTokenization.swift`) turns text into words; WordPiece then splits each
/// word greedily into the longest vocabulary entries, continuations prefixed `##`. A word longer
/// than 100 characters, or one that cannot be covered, becomes `[UNK]`.
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(vocabularyPath: dir + "/vocab.txt")
/// tokenizer.encode("Hello, world!")   // [101, 7592, 1010, 2088, 999, 102]
/// ```
public struct WordPieceTokenizer: Sendable {
    /// The most tokens `encode` returns, `[CLS]` and `[SEP]` included; the rest is dropped, as
    /// sentence-transformers does for all-MiniLM-L6-v2 (trained on 128, position table of 512).
    public let maxLength: Int
    public let classifierID: Int32
    public let separatorID: Int32
    public let unknownID: Int32
    /// Number of entries in vocab.txt (ids are 0..<vocabularySize).
    public let vocabularySize: Int
    private let vocabulary: [String: Int32]
    private static let maxWordCharacters = 100

    /// Reads a `vocab.txt` (one token per line; the line number is the id).
    /// - Throws: `CodexError.modelCorrupt` if the file is unreadable or lacks `[CLS]`, `[SEP]`, `[UNK]`.
    public init(vocabularyPath: String, maxLength: Int = 256) throws {
        guard let data = FileManager.default.contents(atPath: vocabularyPath) else {
            throw CodexError.modelCorrupt(vocabularyPath, reason: "it cannot be read")
        }
        var tokens = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if tokens.last == "" { tokens.removeLast() }
        try self.init(vocabulary: tokens, maxLength: maxLength, source: vocabularyPath)
    }

    /// A tokenizer over an in-memory vocabulary; token `i` gets id `i`.
    public init(vocabulary tokens: [String], maxLength: Int = 256, source: String = "vocabulary") throws {
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where vocabulary[token] == nil { vocabulary[token] = Int32(id) }
        guard let cls = vocabulary["[CLS]"], let sep = vocabulary["[SEP]"], let unk = vocabulary["[UNK]"] else {
            throw CodexError.modelCorrupt(source, reason: "it lacks the [CLS], [SEP] or [UNK] token")
        }
        guard maxLength >= 2 else { throw CodexError.invalidInput("maxLength must leave room for [CLS] and [SEP]") }
        self.vocabulary = vocabulary
        self.vocabularySize = tokens.count
        self.classifierID = cls
        self.separatorID = sep
        self.unknownID = unk
        self.maxLength = maxLength
    }

    /// The token ids the model reads: `[CLS]`, at most `maxLength - 2` word pieces, `[SEP]`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classifierID]
        ids.reserveCapacity(min(maxLength, text.utf8.count / 3 + 8))
        let limit = maxLength - 2
        Self.forEachWord(in: text) { word in
            appendPieces(of: word, to: &ids)
            if ids.count > limit {
                ids.removeSubrange((limit + 1)...)
                return false
            }
            return true
        }
        ids.append(separatorID)
        return ids
    }

    /// How many tokens `text` makes without truncation, `[CLS]` and `[SEP]` included; a chunk
    /// fits the model when this is at most `maxLength`. Costs a full tokenization, no model.
    public func tokenCount(_ text: String) -> Int {
        var count = 2
        var pieces: [Int32] = []
        Self.forEachWord(in: text) { word in
            pieces.removeAll(keepingCapacity: true)
            appendPieces(of: word, to: &pieces)
            count += pieces.count
            return true
        }
        return count
    }

    /// Greedy longest-match-first WordPiece over one basic-tokenized word.
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > Self.maxWordCharacters {
            ids.append(unknownID)
            return
        }
        if let whole = vocabulary[Self.string(word[...], continuation: false)] {
            ids.append(whole)
            return
        }
        let firstNew = ids.count
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                if let id = vocabulary[Self.string(word[start..<end], continuation: start > 0)] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(firstNew...)
                ids.append(unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>, continuation: Bool) -> String {
        var result = continuation ? "##" : ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
