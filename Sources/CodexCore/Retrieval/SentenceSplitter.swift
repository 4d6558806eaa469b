import Foundation

/// Splits passage text into quotable units: sentences of prose, and single lines of lists,
/// tables and code, without Markdown decoration.
enum SentenceSplitter {
    static func sentences(in text: String) -> [String] {
        var result: [String] = []
        var paragraph: [Substring] = []
        var inFence = false

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            result += splitProse(paragraph.joined(separator: " "))
            paragraph.removeAll()
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                flushParagraph()
                inFence.toggle()
                continue
            }
            if inFence {
                if !line.isEmpty { result.append(line) }
                continue
            }
            if line.isEmpty || isDecoration(line) {
                flushParagraph()
                continue
            }
            if let item = listItemText(line) {
                flushParagraph()
                result += splitProse(item)
            } else if line.hasPrefix("#") || line.hasPrefix("|") {
                flushParagraph()
                result.append(line.trimmingCharacters(in: CharacterSet(charactersIn: "#| ")))
            } else {
                paragraph.append(Substring(line))
            }
        }
        flushParagraph()
        return result.filter { !$0.isEmpty }
    }

    /// Underlines and rules (`====`, `----`, `***`) carry no words.
    private static func isDecoration(_ line: String) -> Bool {
        line.count >= 3 && Set(line).isSubset(of: ["=", "-", "*", "~", "^", "_", "#", "+", "`", ":", "|", " "])
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
