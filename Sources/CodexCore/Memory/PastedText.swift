/// A user message too long for the model's window, seen as what people send that way: a pasted
/// log, diff or document, often with a question before or after it ("Why did this fail?").
///
/// The question is found without a model: a short prose paragraph at the start or the end that
/// asks something (ends with `?` or `:`, or starts with a request such as "summarise", "explain",
/// "what", "can you") — or, when the paste has no blank lines, such a last or first line. The
/// rest is the pasted text, cut into parts of whole lines with their line numbers in the message.
public struct PastedText: Sendable, Equatable {
    /// What the user asks about the paste; empty when the message is only the paste.
    public var question: String
    /// Lines of the message, 1-based numbers; `parts` index into it.
    public var lineCount: Int
    public var parts: [Part]
    public var estimatedTokens: Int

    /// Whole lines of the message (a line longer than a part is cut, keeping its number).
    public struct Part: Sendable, Equatable {
        public var startLine: Int
        public var endLine: Int
        public var text: String
        public var tokens: Int

        public var lines: String { startLine == endLine ? "line \(startLine)" : "lines \(startLine)-\(endLine)" }
    }

    public init(_ message: String, partTokens: Int = 200) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        lineCount = lines.count
        estimatedTokens = TokenEstimate.of(message)
        let (questionLines, body) = Self.splitQuestion(lines)
        question = questionLines.map { lines[$0] }.joined(separator: "\n").trimmingCharacters(
            in: .whitespacesAndNewlines)
        parts = Self.cut(lines, range: body, partTokens: max(32, partTokens))
    }

    public var hasQuestion: Bool { !question.isEmpty }

    // MARK: Finding the question

    /// The line numbers (0-based) of the question, and the range of lines that are the paste.
    static func splitQuestion(_ lines: [Substring]) -> (question: [Int], body: Range<Int>) {
        var start = 0
        var end = lines.count
        while start < end, lines[start].allSatisfy(\.isWhitespace) { start += 1 }
        while end > start, lines[end - 1].allSatisfy(\.isWhitespace) { end -= 1 }
        var question: [Int] = []
        // A leading paragraph (up to the first blank line) that asks, then a trailing one.
        if let blank = lines[start..<end].firstIndex(where: { $0.allSatisfy(\.isWhitespace) }),
            asks(lines[start..<blank], leading: true)
        {
            question += Array(start..<blank)
            start = blank
        } else if end - start > 1, asks(lines[start..<(start + 1)], leading: true) {
            question.append(start)
            start += 1
        }
        if let blank = lines[start..<end].lastIndex(where: { $0.allSatisfy(\.isWhitespace) }),
            asks(lines[(blank + 1)..<end], leading: false)
        {
            question += Array((blank + 1)..<end)
            end = blank
        } else if end - start > 1, asks(lines[(end - 1)..<end], leading: false) {
            question.append(end - 1)
            end -= 1
        }
        return (question, start..<end)
    }

    /// Whether a paragraph reads as a request about the paste rather than part of it.
    static func asks(_ paragraph: ArraySlice<Substring>, leading: Bool) -> Bool {
        let text = paragraph.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, paragraph.count <= 6, text.count <= 600 else { return false }
        let letters = text.filter { $0.isLetter || $0 == " " }.count
        guard Double(letters) >= Double(text.count) * 0.75, text.split(separator: " ").count >= 2 else { return false }
        let lowered = text.lowercased()
        if text.hasSuffix("?") { return true }
        if leading && text.hasSuffix(":") { return true }
        return requestStarts.contains { lowered.hasPrefix($0) }
    }

    private static let requestStarts = [
        "summarise", "summarize", "explain", "what", "why", "how", "where", "when", "which", "who", "can you",
        "could you", "please", "tell me", "find", "check", "review", "look at", "is there", "are there", "does",
        "do you", "list", "translate", "fix", "give me", "help",
    ]

    // MARK: Cutting into parts

    static func cut(_ lines: [Substring], range: Range<Int>, partTokens: Int) -> [Part] {
        var parts: [Part] = []
        var open: (start: Int, text: [Substring], tokens: Int)?
        func close() {
            guard let current = open else { return }
            let text = current.text.joined(separator: "\n")
            if !text.allSatisfy(\.isWhitespace) {
                parts.append(
                    Part(
                        startLine: current.start + 1, endLine: current.start + current.text.count, text: text,
                        tokens: current.tokens))
            }
            open = nil
        }
        for index in range {
            let line = lines[index]
            let tokens = TokenEstimate.of(String(line)) + 1
            if tokens > partTokens {
                close()
                for piece in Self.pieces(of: line, tokens: partTokens) {
                    parts.append(
                        Part(startLine: index + 1, endLine: index + 1, text: piece, tokens: TokenEstimate.of(piece)))
                }
                continue
            }
            if let current = open, current.tokens + tokens > partTokens { close() }
            if open == nil { open = (index, [], 0) }
            open?.text.append(line)
            open?.tokens += tokens
        }
        close()
        return parts
    }

    /// A very long line (minified JSON, a base64 blob) in pieces of about `tokens`, cut at spaces when it has them.
    static func pieces(of line: Substring, tokens: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        var currentTokens = 0
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            let cost = TokenEstimate.of(String(word)) + 1
            if currentTokens + cost > tokens, !current.isEmpty {
                pieces.append(current)
                current = ""
                currentTokens = 0
            }
            if cost > tokens {
                // One "word" larger than a piece: cut it by characters.
                let characters = Array(word)
                let step = max(16, characters.count * tokens / max(cost, 1))
                var offset = 0
                while offset < characters.count {
                    pieces.append(String(characters[offset..<min(offset + step, characters.count)]))
                    offset += step
                }
                continue
            }
            current += current.isEmpty ? String(word) : " " + word
            currentTokens += cost
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
