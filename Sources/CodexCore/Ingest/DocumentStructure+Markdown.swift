extension DocumentStructure {
    /// Markdown: ATX (`## Title`) and setext (`Title` over `===`) headings, fenced code blocks kept
    /// as one block, YAML front matter as one block, and paragraphs between blank lines.
    func markdownBlocks() -> [DocumentBlock] {
        var blocks: [DocumentBlock] = []
        var paragraphStart: Int?
        func endParagraph(_ line: Int) {
            if let start = paragraphStart { blocks.append(DocumentBlock(lines: start..<line)) }
            paragraphStart = nil
        }
        var line = 0
        if lines.count > 1, trimmed(0) == [0x2D, 0x2D, 0x2D] {
            for end in 1..<min(lines.count, 500) where trimmed(end) == [0x2D, 0x2D, 0x2D] || trimmed(end) == [0x2E, 0x2E, 0x2E] {
                blocks.append(DocumentBlock(lines: 0..<end + 1))
                line = end + 1
                break
            }
        }
        while line < lines.count {
            if isBlank(line) {
                endParagraph(line)
                line += 1
            } else if let fence = fenceOpening(line) {
                endParagraph(line)
                var close = line + 1
                while close < lines.count && !closesFence(close, fence) { close += 1 }
                let end = min(close + 1, lines.count)
                blocks.append(DocumentBlock(lines: line..<end))
                line = end
            } else if let heading = atxHeading(line) {
                endParagraph(line)
                blocks.append(DocumentBlock(lines: line..<line + 1, heading: heading))
                line += 1
            } else if line + 1 < lines.count, indentation(line) < 4, let level = setextLevel(line + 1) {
                endParagraph(line)
                let title = String(decoding: trimmed(line), as: UTF8.self)
                blocks.append(DocumentBlock(lines: line..<line + 2, heading: HeadingMark(level: level, title: title)))
                line += 2
            } else {
                if paragraphStart == nil { paragraphStart = line }
                line += 1
            }
        }
        endParagraph(lines.count)
        return blocks
    }

    /// The fence character and length when `line` opens a fenced code block (``` or ~~~).
    private func fenceOpening(_ line: Int) -> (UInt8, Int)? {
        guard indentation(line) < 4 else { return nil }
        let text = trimmed(line)
        guard let first = text.first, first == 0x60 || first == 0x7E else { return nil }
        let run = text.prefix(while: { $0 == first }).count
        guard run >= 3 else { return nil }
        // A backtick fence's info string cannot contain backticks.
        if first == 0x60 && text.dropFirst(run).contains(0x60) { return nil }
        return (first, run)
    }

    private func closesFence(_ line: Int, _ fence: (UInt8, Int)) -> Bool {
        let text = trimmed(line)
        let run = text.prefix(while: { $0 == fence.0 }).count
        return run >= fence.1 && run == text.count && indentation(line) < 4
    }

    private func atxHeading(_ line: Int) -> HeadingMark? {
        guard indentation(line) < 4 else { return nil }
        let text = trimmed(line)
        let level = text.prefix(while: { $0 == 0x23 }).count
        guard (1...6).contains(level) else { return nil }
        var rest = text.dropFirst(level)
        guard rest.isEmpty || rest.first == 0x20 || rest.first == 0x09 else { return nil }
        while let last = rest.last, last == 0x23 || last == 0x20 || last == 0x09 { rest = rest.dropLast() }
        while let first = rest.first, first == 0x20 || first == 0x09 { rest = rest.dropFirst() }
        return HeadingMark(level: level, title: String(decoding: rest, as: UTF8.self))
    }

    /// 1 for `===`, 2 for `---` underlines.
    private func setextLevel(_ line: Int) -> Int? {
        guard indentation(line) < 4 else { return nil }
        let text = trimmed(line)
        guard let first = text.first, first == 0x3D || first == 0x2D else { return nil }
        guard text.allSatisfy({ $0 == first }) else { return nil }
        if first == 0x2D && text.count < 2 { return nil }
        return first == 0x3D ? 1 : 2
    }
}
