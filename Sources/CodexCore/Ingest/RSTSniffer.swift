/// Tells reStructuredText from plain text in files named `.txt` (Django's documentation is 600
/// such files), so their section titles become heading paths for search and citations.
///
/// A title is a line underlined (and maybe overlined) by one repeated punctuation character at
/// least as long as the title, after a blank line. Two titles, or one title and a directive
/// (`.. note::`) or a literal-block marker (`::`), make the file reStructuredText. Only the
/// first 64 KiB are read.
enum RSTSniffer {
    static func looksLikeRST(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(65_536)
        var lines: [ArraySlice<UInt8>] = []
        var start = sample.startIndex
        for index in sample.indices where sample[index] == 0x0A {
            lines.append(trim(sample[start..<index]))
            start = index + 1
        }
        var titles = 0
        var markup = false
        for (index, line) in lines.enumerated() {
            if line.starts(with: Array(".. ".utf8)) && line.count > 5 && contains(line, "::") { markup = true }
            if contains(line, "``") { markup = true }  // an inline literal
            if line.count > 2, line.last == 0x3A, line[line.index(before: line.endIndex) - 1] == 0x3A { markup = true }
            guard index + 1 < lines.count, !line.isEmpty, !isAdornment(line), index == 0 || lines[index - 1].isEmpty
                || isAdornment(lines[index - 1])
            else { continue }
            let under = lines[index + 1]
            if isAdornment(under), under.count >= line.count { titles += 1 }
            if titles >= 2 || (titles >= 1 && markup) { return true }
        }
        return titles >= 1 && markup
    }

    private static func isAdornment(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.count >= 3, let first = line.first, Array("=-~^*+#:'\"`".utf8).contains(first) else { return false }
        return line.allSatisfy { $0 == first }
    }

    private static func trim(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line = line.dropLast() }
        return line
    }

    private static func contains(_ line: ArraySlice<UInt8>, _ text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard line.count >= pattern.count else { return false }
        var index = line.startIndex
        while index + pattern.count <= line.endIndex {
            if line[index..<index + pattern.count].elementsEqual(pattern) { return true }
            index += 1
        }
        return false
    }
}
