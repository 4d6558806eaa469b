import Foundation

/// Splits passage text into quotable units — sentences of prose, list items, code lines — each
/// tagged with the block (paragraph, list, code fence) it belongs to, so an answer can quote a
/// whole procedure rather than one step of it. Headings are dropped: they are shown with the
/// citation already.
enum SentenceSplitter {
    enum Kind: Equatable { case prose, listItem, code }

    struct Unit: Equatable {
        var text: String
        var kind: Kind
        /// Units of one paragraph, list or code block share a block number.
        var block: Int
    }

    static func sentences(in text: String) -> [String] { units(in: text).map(\.text) }

    static func units(in text: String) -> [Unit] {
        var result: [Unit] = []
        var paragraph: [Substring] = []
        var block = 0
        var inFence = false
        var lastKind: Kind?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            block += 1
            result += splitProse(paragraph.joined(separator: " ")).map { Unit(text: $0, kind: .prose, block: block) }
            paragraph.removeAll()
            lastKind = .prose
        }

        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                flushParagraph()
                inFence.toggle()
                if inFence { block += 1 }
                lastKind = nil
                continue
            }
            if inFence {
                if !line.isEmpty { result.append(Unit(text: line, kind: .code, block: block)) }
                continue
            }
            let nextLine = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
            if line.isEmpty || isDecoration(line) || line.hasPrefix("#")
                || (isUnderline(nextLine) && listItemText(line) == nil)
            {
                // Blank lines end paragraphs; headings (ATX or underlined) are not quoted.
                flushParagraph()
                if !line.isEmpty { lastKind = nil }
                continue
            }
            if let item = listItemText(line) {
                flushParagraph()
                if lastKind != .listItem { block += 1 }
                result += splitProse(item).map { Unit(text: $0, kind: .listItem, block: block) }
                lastKind = .listItem
            } else if line.hasPrefix("|") {
                flushParagraph()
                block += 1
                result.append(Unit(text: line.trimmingCharacters(in: CharacterSet(charactersIn: "| ")), kind: .prose, block: block))
                lastKind = nil
            } else if lastKind == .listItem, rawLine.first == " " || rawLine.first == "\t", let last = result.indices.last {
                // An indented continuation line of a list item.
                result[last].text += " " + line
            } else {
                paragraph.append(Substring(line))
            }
        }
        flushParagraph()
        return result.filter { !$0.text.isEmpty }
    }

    /// Underlines and rules (`====`, `----`, `***`) carry no words.
    private static func isDecoration(_ line: String) -> Bool {
        line.count >= 3 && Set(line).isSubset(of: ["=", "-", "*", "~", "^", "_", "#", "+", "`", ":", "|", " "])
    }

    /// A reStructuredText or setext title underline: one repeated punctuation character.
    private static func isUnderline(_ line: String) -> Bool {
        guard line.count >= 3, let first = line.first, "=-~^*+#:'\"".contains(first) else { return false }
        return line.allSatisfy { $0 == first }
    }

    private static func listItemText(_ line: String) -> String? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) {
            return String(line.dropFirst(marker.count))
        }
        if let dot = line.firstIndex(where: { $0 == "." || $0 == ")" }), dot > line.startIndex,
            line[line.startIndex..<dot].allSatisfy(\.isNumber),
            line.index(after: dot) < line.endIndex, line[line.index(after: dot)] == " "
        {
            return String(line[line.index(dot, offsetBy: 2)...])
        }
        return nil
    }

    /// Splits after `.`, `!` or `?` followed by a space and an upper-case letter, digit or quote.
    private static func splitProse(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            if ".!?".contains(character), index + 2 < characters.count, characters[index + 1] == " ",
                characters[index + 2].isUppercase || characters[index + 2].isNumber
                    || "\"'`([".contains(characters[index + 2])
            {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
            index += 1
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }
}
