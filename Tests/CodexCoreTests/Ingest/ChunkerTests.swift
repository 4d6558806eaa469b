import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct ChunkerTests {
    /// Every chunk's text is exactly its lines of the source, and spans stay inside the file.
    private func expectExactSpans(
        _ source: String, _ chunks: [TextChunk], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lineCount = source.split(separator: "\n", omittingEmptySubsequences: false).count
        for chunk in chunks {
            #expect(
                chunk.startLine >= 1 && chunk.endLine <= lineCount && chunk.startLine <= chunk.endLine,
                sourceLocation: sourceLocation)
            #expect(
                chunk.text == IngestHarness.lines(source, chunk.startLine, chunk.endLine),
                sourceLocation: sourceLocation)
        }
    }

    @Test func markdownChunksFollowHeadingsWithTheirPathAndExactLines() {
        // Given a Markdown file with nested sections
        let source = """
            # Guide
            Intro line.

            ## Install
            Download it.

            ### Linux
            Run apt-get install codex.
            ## Use
            Run codex ask.
            """
        // When it is chunked
        let chunks = Chunker().chunks(of: ExtractedText(kind: .markdown, text: source))
        // Then each section is its own chunk, with the heading path and its exact lines
        #expect(chunks.map(\.lines) == [1...2, 4...5, 7...8, 9...10])
        #expect(chunks.map(\.heading) == ["Guide", "Guide > Install", "Guide > Install > Linux", "Guide > Use"])
        #expect(chunks[2].text == "### Linux\nRun apt-get install codex.")
        expectExactSpans(source, chunks)
    }

    @Test func aFencedCodeBlockThatFitsStaysInOneChunkEvenWithBlankLinesAndHashes() {
        // Given a fence holding blank lines and a line that looks like a heading
        let source = "Intro.\n\n```sh\n# not a heading\n\nmake install\n```\n\nAfter.\n"
        // When chunked with a budget smaller than the whole file but larger than the fence
        let chunks = Chunker(options: ChunkingOptions(tokenBudget: 16, overlapLines: 0))
            .chunks(of: ExtractedText(kind: .markdown, text: source))
        // Then the fence is one chunk (3...7) and no heading was invented
        #expect(chunks.contains { $0.lines == 3...7 })
        #expect(chunks.allSatisfy { $0.heading.isEmpty })
        expectExactSpans(source, chunks)
    }

    @Test func setextHeadingsAndFrontMatterAreRecognised() {
        let source = "---\ntitle: x\n---\nTitle\n=====\n\ntext\n\nPart\n----\nmore\n"
        let chunks = Chunker().chunks(of: ExtractedText(kind: .markdown, text: source))
        #expect(chunks.map(\.heading) == ["", "Title", "Title > Part"])
        #expect(chunks.map(\.lines) == [1...3, 4...7, 9...11])
        expectExactSpans(source, chunks)
    }

    @Test func rstSectionLevelsFollowTheOrderAdornmentsAppear() {
        // Given an overlined title, then = and - underlined sections
        let source = """
            =======
            Manual
            =======

            Setup
            =====

            Keys
            ----
            Rotate them.

            Usage
            =====
            Ask.
            """
        let chunks = Chunker().chunks(of: ExtractedText(kind: .rst, text: source))
        #expect(chunks.map(\.heading) == ["Manual", "Manual > Setup", "Manual > Setup > Keys", "Manual > Usage"])
        #expect(chunks.map(\.lines) == [1...3, 5...6, 8...10, 12...14])
        expectExactSpans(source, chunks)
    }

    @Test func chunksRespectTheBudgetAndOverlapByAFewLinesWithinASection() {
        // Given 60 short numbered lines of prose in one paragraph
        let source = (1...60).map { "Line \($0) says something about signing keys." }.joined(separator: "\n")
        let options = ChunkingOptions(tokenBudget: 120, overlapLines: 2)
        // When chunked
        let chunks = Chunker(options: options).chunks(of: ExtractedText(kind: .plain, text: source))
        // Then every chunk fits, consecutive chunks share exactly 2 lines, and all lines are covered
        #expect(chunks.count > 5)
        #expect(chunks.allSatisfy { $0.tokenCount <= 120 })
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            #expect(next.startLine == previous.endLine - 1)
        }
        #expect(chunks.first?.startLine == 1 && chunks.last?.endLine == 60)
        expectExactSpans(source, chunks)
    }

    @Test func codeIsCutAtBlankLinesBeforeTopLevelDeclarations() {
        // Given three functions of ~20 tokens each and a 50-token budget
        let function = { (name: String) in
            "func \(name)(value: Int) -> Int {\n    let doubled = value * 2\n    return doubled + 1\n}"
        }
        let source = ["import Foundation", function("alpha"), function("beta"), function("gamma")].joined(
            separator: "\n\n")
        let chunks = Chunker(options: ChunkingOptions(tokenBudget: 50, overlapLines: 0))
            .chunks(of: ExtractedText(kind: .code, text: source))
        // Then no function is split across chunks
        let starts = [3, 8, 13]
        for start in starts {
            #expect(chunks.contains { $0.startLine <= start && $0.endLine >= start + 3 })
        }
        expectExactSpans(source, chunks)
    }

    @Test func csvChunksCarryTheHeaderRowAsHeading() {
        let rows = (1...200).map { "\($0),host\($0).example,rotated" }
        let source = (["id,host,status"] + rows).joined(separator: "\n")
        let chunks = Chunker(options: ChunkingOptions(tokenBudget: 60, overlapLines: 0))
            .chunks(of: ExtractedText(kind: .csv, text: source))
        #expect(chunks.count > 3)
        #expect(chunks.allSatisfy { $0.heading == "id,host,status" })
        expectExactSpans(source, chunks)
    }

    @Test func aVeryLongLineIsSplitIntoPiecesOfThatLine() {
        // Given one 20,000-word line between two short ones
        let long = Array(repeating: "rotate", count: 20_000).joined(separator: " ")
        let source = "before\n\(long)\nafter"
        let chunks = Chunker(options: ChunkingOptions(tokenBudget: 100)).chunks(
            of: ExtractedText(kind: .plain, text: source))
        // Then the pieces all cite line 2, fit the budget, and together are the whole line
        let pieces = chunks.filter { $0.lines == 2...2 }
        #expect(pieces.count >= 200)
        #expect(pieces.allSatisfy { $0.tokenCount <= 100 })
        #expect(pieces.map(\.text).joined() == long)
        #expect(chunks.first?.text == "before" && chunks.last?.text == "after")
    }

    @Test func windowsLineEndingsAreNotPartOfTheText() {
        let source = "# A\r\nfirst\r\nsecond\r\n"
        let chunks = Chunker().chunks(of: ExtractedText(kind: .markdown, text: source))
        #expect(chunks.map(\.text) == ["# A\nfirst\nsecond"])
        #expect(chunks.map(\.lines) == [1...3])
    }

    @Test func blankAndEmptyTextsGiveNoChunks() {
        #expect(Chunker().chunks(of: ExtractedText(kind: .plain, text: "")).isEmpty)
        #expect(Chunker().chunks(of: ExtractedText(kind: .markdown, text: "\n\n   \n")).isEmpty)
    }

    @Test(arguments: [
        ("The quick brown fox jumps over the lazy dog.", 10),
        ("rotate the signing key", 4),
        ("", 0),
    ])
    func tokenEstimatesAreCloseToWordPieceCounts(text: String, wordPieces: Int) {
        let estimate = Array(text.utf8).withUnsafeBufferPointer { TokenEstimator.count($0, 0..<$0.count) }
        #expect(abs(estimate - wordPieces) <= max(1, wordPieces / 5))
    }
}
