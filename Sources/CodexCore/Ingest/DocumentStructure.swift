/// A run of lines that belongs together: a paragraph, a heading, a fenced code block, a CSV row.
struct DocumentBlock: Sendable, Equatable {
    /// 0-based, half-open line indices.
    var lines: Range<Int>
    /// Set when the block is a heading.
    var heading: HeadingMark?
    /// True when a chunk boundary before this block reads naturally (a top-level declaration).
    var startsDeclaration = false
}

/// Splits extracted text into blocks according to its format; blank lines never belong to a block.
struct DocumentStructure {
    let bytes: UnsafeBufferPointer<UInt8>
    let lines: LineTable

    func blocks(for text: ExtractedText) -> [DocumentBlock] {
        switch text.kind {
        case .markdown: return markdownBlocks()
        case .rst: return rstBlocks()
        case .code: return codeBlocks()
        case .csv, .tsv: return lineBlocks(headings: [:])
        case .docx, .odt, .epub: return lineBlocks(headings: text.headings)
        case .plain, .json, .html, .pdf, .archive: return paragraphBlocks(headings: text.headings)
        }
    }

    /// Paragraphs separated by blank lines; lines the extractor marked as headings stand alone.
    func paragraphBlocks(headings: [Int: HeadingMark]) -> [DocumentBlock] {
        var blocks: [DocumentBlock] = []
        var start: Int?
        for line in 0..<lines.count {
            if let mark = headings[line] {
                if let s = start { blocks.append(DocumentBlock(lines: s..<line)) }
                start = nil
                blocks.append(DocumentBlock(lines: line..<line + 1, heading: mark))
            } else if isBlank(line) {
                if let s = start { blocks.append(DocumentBlock(lines: s..<line)) }
                start = nil
            } else if start == nil {
                start = line
            }
        }
        if let s = start { blocks.append(DocumentBlock(lines: s..<lines.count)) }
        return blocks
    }

    /// Every non-blank line is a block (CSV rows, document paragraphs).
    func lineBlocks(headings: [Int: HeadingMark]) -> [DocumentBlock] {
        (0..<lines.count).compactMap { line in
            if let mark = headings[line] { return DocumentBlock(lines: line..<line + 1, heading: mark) }
            return isBlank(line) ? nil : DocumentBlock(lines: line..<line + 1)
        }
    }

    /// Paragraphs of code; those starting at column 0 are declarations, good places to cut.
    func codeBlocks() -> [DocumentBlock] {
        paragraphBlocks(headings: [:]).map { block in
            var block = block
            let range = lines.range(block.lines.lowerBound)
            if let first = range.first.map({ bytes[$0] }) {
                block.startsDeclaration =
                    !(first == 0x20 || first == 0x09 || first == 0x7D || first == 0x29 || first == 0x5D)
            }
            return block
        }
    }

    // MARK: - Line helpers

    func isBlank(_ line: Int) -> Bool {
        for i in lines.range(line) where !(bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0C) { return false }
        return true
    }

    /// Leading spaces (a tab counts as 4).
    func indentation(_ line: Int) -> Int {
        var width = 0
        for i in lines.range(line) {
            if bytes[i] == 0x20 { width += 1 } else if bytes[i] == 0x09 { width += 4 } else { break }
        }
        return width
    }

    func text(_ line: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[lines.range(line)]), as: UTF8.self)
    }

    /// The line without leading and trailing blanks, as bytes.
    func trimmed(_ line: Int) -> ArraySlice<UInt8> {
        var range = lines.range(line)
        while let first = range.first, bytes[first] == 0x20 || bytes[first] == 0x09 { range = range.dropFirst() }
        while let last = range.last, bytes[last] == 0x20 || bytes[last] == 0x09 { range = range.dropLast() }
        return ArraySlice(UnsafeBufferPointer(rebasing: bytes[range]))
    }
}
