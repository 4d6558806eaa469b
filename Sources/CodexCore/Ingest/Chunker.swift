/// Cuts extracted text into overlapping chunks that fit the embedder, along the text's structure.
///
/// Blocks (headings, paragraphs, fenced code, CSV rows) are packed greedily into chunks of at most
/// `tokenBudget` estimated tokens. A heading always starts a new chunk, so a chunk never spans two
/// sections; a block too big for one chunk is cut between lines, and a line too big for one chunk
/// is cut between words. When a chunk is closed because it is full, its last `overlapLines` lines
/// (at most a quarter of the budget) are repeated at the start of the next one.
///
/// ```swift
/// let chunks = Chunker().chunks(of: ExtractedText(kind: .markdown, text: "# A\n\nHello\n"))
/// // [TextChunk(startLine: 1, endLine: 3, heading: "A", text: "# A\n\nHello", tokenCount: 3)]
/// ```
public struct Chunker: Sendable {
    public var options: ChunkingOptions

    /// Bumped whenever the same file would now be cut or titled differently; a stored document
    /// chunked by an older version is re-chunked on the next ingest even if unchanged.
    /// 1: the first version. 2: `.txt` files in reStructuredText get section headings.
    public static let version = 2

    public init(options: ChunkingOptions = ChunkingOptions()) {
        self.options = options
    }

    public func chunks(of text: ExtractedText) -> [TextChunk] {
        text.bytes.withUnsafeBufferPointer { bytes in
            var packer = ChunkPacker(bytes: bytes, lines: LineTable(bytes), options: options)
            let structure = DocumentStructure(bytes: bytes, lines: packer.lines)
            if (text.kind == .csv || text.kind == .tsv) && packer.lines.count > 0 {
                packer.sectionHeading = String(structure.text(0).prefix(200))
            }
            for block in structure.blocks(for: text) { packer.add(block) }
            packer.closeChunk()
            return packer.chunks
        }
    }
}

/// The packing state of one `Chunker.chunks(of:)` call.
private struct ChunkPacker {
    let bytes: UnsafeBufferPointer<UInt8>
    let lines: LineTable
    let options: ChunkingOptions
    var chunks: [TextChunk] = []
    var sectionHeading = ""
    private var headingPath: [HeadingMark] = []
    private var lineTokens: [Int]
    /// The open chunk: 0-based inclusive first and last line, and its tokens.
    private var current: (first: Int, last: Int, tokens: Int)?

    init(bytes: UnsafeBufferPointer<UInt8>, lines: LineTable, options: ChunkingOptions) {
        self.bytes = bytes
        self.lines = lines
        self.options = options
        lineTokens = (0..<lines.count).map { TokenEstimator.count(bytes, lines.range($0)) }
    }

    mutating func add(_ block: DocumentBlock) {
        if let mark = block.heading {
            closeChunk()
            while let last = headingPath.last, last.level >= mark.level { headingPath.removeLast() }
            headingPath.append(mark)
            sectionHeading = headingPath.map(\.title).filter { !$0.isEmpty }.joined(separator: " > ")
        }
        let tokens = block.lines.reduce(0) { $0 + lineTokens[$1] }
        if let open = current, block.startsDeclaration, open.tokens >= options.tokenBudget / 2,
            open.tokens + tokens > options.tokenBudget / 2
        {
            closeChunk()
        }
        if tokens <= options.tokenBudget {
            append(block.lines.lowerBound, block.lines.upperBound - 1, tokens)
        } else {
            for line in block.lines { addLine(line) }
        }
    }

    private mutating func addLine(_ line: Int) {
        let tokens = lineTokens[line]
        if tokens <= options.tokenBudget {
            append(line, line, tokens)
            return
        }
        closeChunk()
        var start = lines.starts[line]
        let end = lines.ends[line]
        // Bounded: every piece holds at least one character.
        while start < end {
            let cut = TokenEstimator.prefixEnd(bytes, start..<end, budget: options.tokenBudget)
            emit(first: line, last: line, bytes: start..<cut)
            start = cut
        }
    }

    /// Appends lines `first...last` to the open chunk, or closes it (with overlap) and opens a new one.
    private mutating func append(_ first: Int, _ last: Int, _ tokens: Int) {
        guard let open = current else {
            current = (first, last, tokens)
            return
        }
        if open.tokens + tokens <= options.tokenBudget {
            current = (open.first, last, open.tokens + tokens)
            return
        }
        let overlapStart = overlapStart(of: open)
        closeChunk()
        if let overlapStart {
            let overlapTokens = (overlapStart...open.last).reduce(0) { $0 + lineTokens[$1] }
            if overlapTokens + tokens <= options.tokenBudget {
                current = (overlapStart, last, overlapTokens + tokens)
                return
            }
        }
        current = (first, last, tokens)
    }

    /// The first line of the open chunk's tail to repeat in the next chunk, if any.
    private func overlapStart(of open: (first: Int, last: Int, tokens: Int)) -> Int? {
        guard options.overlapLines > 0 else { return nil }
        var start = open.last + 1
        var taken = 0
        var tokens = 0
        while start - 1 > open.first && taken < options.overlapLines {
            let candidate = start - 1
            if tokens + lineTokens[candidate] > options.tokenBudget / 4 { break }
            tokens += lineTokens[candidate]
            if lineTokens[candidate] > 0 { taken += 1 }
            start = candidate
        }
        return taken > 0 ? start : nil
    }

    mutating func closeChunk() {
        guard var open = current else { return }
        current = nil
        // Blank lines at either end carry nothing; dropping them keeps spans tight.
        while open.first < open.last && lines.starts[open.first] == lines.ends[open.first] { open.first += 1 }
        while open.last > open.first && lines.starts[open.last] == lines.ends[open.last] { open.last -= 1 }
        emit(
            first: open.first, last: open.last, bytes: lines.starts[open.first]..<lines.ends[open.last],
            tokens: open.tokens)
    }

    private mutating func emit(first: Int, last: Int, bytes range: Range<Int>, tokens known: Int? = nil) {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        let text: String
        if first != last && slice.contains(0x0D) {
            // Lines ended by "\r\n": keep each line's text without its "\r".
            text = (first...last).map {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[lines.range($0)]), as: UTF8.self)
            }
            .joined(separator: "\n")
        } else {
            text = String(decoding: slice, as: UTF8.self)
        }
        let tokens = known ?? TokenEstimator.count(bytes, range)
        guard tokens > 0 else { return }
        chunks.append(
            TextChunk(startLine: first + 1, endLine: last + 1, heading: sectionHeading, text: text, tokenCount: tokens))
    }
}
