extension DocumentStructure {
    /// reStructuredText: section titles are a line underlined (and optionally overlined) by a
    /// repeated punctuation character; levels follow the order in which styles first appear.
    func rstBlocks() -> [DocumentBlock] {
        var styles: [[UInt8]] = []
        func level(_ character: UInt8, overlined: Bool) -> Int {
            let style = [character, overlined ? 1 : 0]
            if let index = styles.firstIndex(of: style) { return index + 1 }
            styles.append(style)
            return styles.count
        }
        var headings: [Int: HeadingMark] = [:]
        var headingLines: [Int: Int] = [:]  // first line -> number of lines
        var line = 0
        while line < lines.count {
            let previousBlank = line == 0 || isBlank(line - 1)
            if previousBlank, line + 2 < lines.count, let over = adornment(line), !isBlank(line + 1),
                adornment(line + 1) == nil, adornment(line + 2) == over
            {
                let title = String(decoding: trimmed(line + 1), as: UTF8.self)
                headings[line] = HeadingMark(level: level(over, overlined: true), title: title)
                headingLines[line] = 3
                line += 3
            } else if previousBlank, line + 1 < lines.count, !isBlank(line), indentation(line) == 0,
                adornment(line) == nil, let under = adornment(line + 1), lines.range(line + 1).count >= min(4, trimmed(line).count)
            {
                let title = String(decoding: trimmed(line), as: UTF8.self)
                headings[line] = HeadingMark(level: level(under, overlined: false), title: title)
                headingLines[line] = 2
                line += 2
            } else {
                line += 1
            }
        }
        var blocks: [DocumentBlock] = []
        var start: Int?
        line = 0
        while line < lines.count {
            if let mark = headings[line], let count = headingLines[line] {
                if let s = start { blocks.append(DocumentBlock(lines: s..<line)) }
                start = nil
                blocks.append(DocumentBlock(lines: line..<line + count, heading: mark))
                line += count
                continue
            }
            if isBlank(line) {
                if let s = start { blocks.append(DocumentBlock(lines: s..<line)) }
                start = nil
            } else if start == nil {
                start = line
            }
            line += 1
        }
        if let s = start { blocks.append(DocumentBlock(lines: s..<lines.count)) }
        return blocks
    }

    /// The character of an adornment line (`=====`, `-----`, `~~~~`), at least 3 long.
    private func adornment(_ line: Int) -> UInt8? {
        let range = lines.range(line)
        guard range.count >= 3, let first = range.first.map({ bytes[$0] }) else { return nil }
        guard Self.adornmentCharacters.contains(first) else { return nil }
        for i in range where bytes[i] != first {
            // Trailing spaces are allowed.
            if bytes[i] != 0x20 { return nil }
        }
        return first
    }

    private static let adornmentCharacters = Set("=-~`:'\"^_*+#<>.!$%&,/;?@\\|".utf8)
}
