import Testing

@testable import CodexCore
@testable import CodexSQLite

/// Text full of markup fragments, made by a fixed pseudo-random sequence, never crashes the
/// quoting code: documents are whatever people write, and one malformed role once took `codex
/// ask` down on Django's docs.
struct QuoteFuzzTests {
    /// SplitMix64: the same texts on every run and every machine.
    struct Sequence {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let pieces = [
        "`", "``", "*", "**", "_", "[", "]", "(", ")", "<", ">", "{", "}", ":", "::", "\\", "|", "!", " ", "  ", "\n",
        "\n\n", "x", "word", "1.", "- ", "* ", "#", "## ", "```", "~~~", ".. note::", ".. code-block:: python",
        "   ", "\t", "=====", "-----", ">>> ", "$ ", ":func:", "{ref}", "<br>", "</", "é", "🍕", "\r",
    ]

    static func texts(count: Int, seed: UInt64) -> [String] {
        var random = Sequence(state: seed)
        return (0..<count).map { _ in
            (0..<random.next(60)).map { _ in pieces[random.next(pieces.count)] }.joined()
        }
    }

    @Test func inlineMarkupOfAnyShapeRenders() {
        for text in Self.texts(count: 800, seed: 1) { _ = MarkupRenderer.inline(text) }
    }

    @Test(arguments: [QuoteBlockParser.Layout.markup, .paragraphPerLine, .html, .pdf])
    func blocksOfAnyShapeParse(layout: QuoteBlockParser.Layout) {
        for (index, text) in Self.texts(count: 300, seed: 2).enumerated() {
            _ = QuoteBlockParser.blocks(in: text, layout: layout, headingPath: "Guide > x", cut: index % 2 == 0)
        }
    }

    @Test func quotesOfAnyPassageAreMade() {
        let passages = Self.texts(count: 120, seed: 3).enumerated().map { index, text in
            Passage(
                chunkId: Int64(index), documentId: Int64(index), collection: "default", path: "/docs/\(index).md",
                startLine: 1, endLine: 1 + text.count(where: { $0 == "\n" }), heading: "Guide", text: text, score: 1)
        }
        let answerer = ExtractiveAnswerer()
        for start in stride(from: 0, to: passages.count, by: 6) {
            _ = answerer.quotes(for: "word x func ref", from: Array(passages[start..<min(start + 6, passages.count)]))
        }
    }
}
