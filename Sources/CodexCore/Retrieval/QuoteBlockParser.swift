/// Cuts passage text (Markdown, MyST, reStructuredText, or the text extracted from HTML, DOCX,
/// EPUB and PDF) into the logical units an answer quotes: paragraphs, lists with their nested
/// code, code blocks, tables, admonitions and signatures. Headings are kept as blocks of their
/// own (the answer leaves them out: the citation shows the section already).
///
/// Why a separate reader from ingest's `DocumentStructure`: chunking needs line spans of raw
/// bytes, fast; quoting needs the meaning of a few kilobytes of markup (is this indented block
/// code or a list item's second paragraph, is `.. note::` prose or noise), rendered as text.
struct QuoteBlockParser {
    /// How the passage's lines relate to its paragraphs.
    enum Layout {
        /// Markdown, MyST, reStructuredText, plain text: paragraphs run until a blank line.
        case markup
        /// DOCX, ODT, EPUB: every line is a paragraph; extraction marks list items ("- ") and
        /// preformatted paragraphs (four spaces).
        case paragraphPerLine
        /// HTML: lines of the file; a line that continues a sentence joins the one before.
        case html
        /// PDF (`pdftotext -layout`): paragraphs between blank lines; indentation is layout, not code.
        case pdf

        static func forPath(_ path: String) -> Layout {
            switch FileKind.forPath(path) {
            case .docx, .odt, .epub: .paragraphPerLine
            case .html: .html
            case .pdf: .pdf
            default: .markup
            }
        }
    }

    private let lines: [Substring]
    private let layout: Layout
    /// Lines equal to one of these are headings (extracted formats keep titles as plain lines).
    private let headingTitles: Set<String>
    private var blocks: [QuoteBlock] = []
    private var index = 0

    /// - Parameter headingPath: the passage's heading path ("Guide > Install").
    /// - Parameter cut: the text may begin inside a block (a chunk that does not start the file).
    static func blocks(in text: String, layout: Layout = .markup, headingPath: String = "", cut: Bool = false)
        -> [QuoteBlock]
    {
        let titles = Set(headingPath.components(separatedBy: " > ").filter { !$0.isEmpty })
        var parser = QuoteBlockParser(
            lines: text.split(separator: "\n", omittingEmptySubsequences: false), layout: layout, headingTitles: titles)
        if cut { parser.skipCutOpening() }
        parser.parse(until: parser.lines.count, prefix: nil)
        return parser.blocks
    }

    /// A chunk may begin inside a fenced code block or in the middle of a paragraph (the chunker
    /// cuts long blocks between lines). With an odd number of fences whose first has no info
    /// string, the lines up to that fence are the tail of a code block; a first paragraph that
    /// starts in lower case lost its beginning, and its first sentence goes.
    private mutating func skipCutOpening() {
        guard layout == .markup || layout == .pdf else { return }
        let fences = lines.indices.filter { fence($0).map { $0.character != ":" } ?? false }
        if fences.count % 2 == 1, let first = fences.first, fence(first)?.info.isEmpty == true, first > 0 {
            add(.code, 0, first, dedented(0...(first - 1)))
            index = first + 1
            return
        }
        guard let start = lines.indices.first(where: { !blank($0) }), trimmed(start).first?.isLowercase == true,
            listMarker(start) == nil
        else { return }
        var end = start
        while end < lines.count, !blank(end) { end += 1 }
        let paragraph = (start..<end).map { trimmed($0) }.joined(separator: " ")
        // Keep what follows the first sentence end, as a paragraph of its own.
        guard let stop = paragraph.firstMatch(of: /[.!?:]\s+(?=[A-Z`"(])/) else {
            index = end
            return
        }
        let rest = String(paragraph[stop.range.upperBound...])
        add(.prose, start, end - 1, MarkupRenderer.inline(rest), leadsIn: rest.hasSuffix(":"))
        index = end
    }

    private init(lines: [Substring], layout: Layout = .markup, headingTitles: Set<String> = []) {
        self.lines = lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        self.layout = layout
        self.headingTitles = headingTitles
    }

    // MARK: - Line tests

    private func trimmed(_ i: Int) -> Substring {
        var line = lines[i]
        while let first = line.first, first == " " || first == "\t" { line = line.dropFirst() }
        while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
        return line
    }

    private func blank(_ i: Int) -> Bool { lines[i].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{0C}" } }

    private func indent(_ i: Int) -> Int {
        var width = 0
        for c in lines[i] {
            if c == " " { width += 1 } else if c == "\t" { width += 4 } else { break }
        }
        return width
    }

    /// A line of one repeated punctuation character (a reST/setext underline or a rule).
    private func isAdornment(_ i: Int) -> Bool {
        let t = trimmed(i)
        guard t.count >= 3, let first = t.first, "=-~^*+#:'\"`_.".contains(first) else { return false }
        return t.allSatisfy { $0 == first }
    }

    /// The marker's width when line `i` starts a list item ("- ", "1. ", "#. ", "• ").
    private func listMarker(_ i: Int) -> Int? {
        let t = trimmed(i)
        for marker in ["- ", "* ", "+ ", "• ", "#. "] where t.hasPrefix(marker) { return marker.count }
        let digits = t.prefix(while: \.isNumber)
        if !digits.isEmpty, digits.count <= 3 {
            let after = t.dropFirst(digits.count)
            if after.hasPrefix(". ") || after.hasPrefix(") ") { return digits.count + 2 }
        }
        return nil
    }

    private func fence(_ i: Int) -> (character: Character, count: Int, info: Substring)? {
        let t = trimmed(i)
        guard let first = t.first, first == "`" || first == "~" || first == ":" else { return nil }
        let run = t.prefix(while: { $0 == first }).count
        guard run >= 3 else { return nil }
        let info = t.dropFirst(run).drop(while: { $0 == " " })
        // A colon fence is MyST's directive syntax only: ":::{note}" … ":::".
        if first == ":" && !(info.isEmpty || info.hasPrefix("{")) { return nil }
        return (first, run, info)
    }

    private func directive(_ i: Int) -> (name: String, argument: Substring)? {
        let t = trimmed(i)
        guard t.hasPrefix(".. "), let colons = t.range(of: "::") else { return nil }
        let name = t[t.index(t.startIndex, offsetBy: 3)..<colons.lowerBound]
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        return (String(name.split(separator: ":").last ?? name).lowercased(), t[colons.upperBound...].drop(while: { $0 == " " }))
    }

    // MARK: - Parsing

    /// Parses lines up to `end`; `prefix` ("Note:") goes before the first prose block made.
    private mutating func parse(until end: Int, prefix: String?) {
        var prefix = prefix
        while index < end {
            let start = blocks.count
            parseBlock(until: end)
            if let label = prefix, let first = blocks[start...].firstIndex(where: { $0.kind == .prose || $0.kind == .list }) {
                blocks[first].text = label + " " + blocks[first].text
                prefix = nil
            }
        }
    }

    private mutating func parseBlock(until end: Int) {
        let i = index
        if blank(i) {
            index += 1
            return
        }
        let t = trimmed(i)
        if headingTitles.contains(String(t)) && layout != .markup {
            add(.heading, i, i, String(t))
            index += 1
        } else if layout == .paragraphPerLine || layout == .html {
            parseExtractedLine(until: end)
        } else if let fence = fence(i) {
            parseFence(fence, until: end)
        } else if t.hasPrefix("#"), t.drop(while: { $0 == "#" }).first == " " || t.allSatisfy({ $0 == "#" }) {
            add(.heading, i, i, MarkupRenderer.inline(String(t.drop(while: { $0 == "#" }).drop(while: { $0 == " " }))))
            index += 1
        } else if isAdornment(i) {
            // An overline, or a rule between paragraphs.
            if i + 2 < end, !blank(i + 1), isAdornment(i + 2) {
                add(.heading, i, i + 2, MarkupRenderer.inline(String(trimmed(i + 1))))
                index += 3
            } else {
                index += 1
            }
        } else if i + 1 < end, isAdornment(i + 1), listMarker(i) == nil, !t.hasPrefix(".. "),
            trimmed(i + 1).count + 1 >= min(t.count, 4)
        {
            add(.heading, i, i + 1, MarkupRenderer.inline(String(t)))
            index += 2
        } else if t.hasPrefix("> ") || t == ">" {
            parseQuotation(until: end)
        } else if t.hasPrefix("(") && t.hasSuffix(")=") || t.hasPrefix("% ") || t.hasPrefix("<!--") || t.hasPrefix("__ ") {
            index += 1  // MyST targets and comments, HTML comments, reST anonymous link targets
        } else if t.hasPrefix("["), t.contains("]:"), !t.hasPrefix("[^") || t.contains("]: ") {
            skipIndentedBody(after: i, until: end)  // a Markdown link reference definition
        } else if directive(i) != nil || t.hasPrefix("..") && (t == ".." || t.hasPrefix(".. ")) {
            parseDirective(until: end)
        } else if t.hasPrefix(">>> ") || t == ">>>" || t.hasPrefix("$ ") {
            parseCodeLines(until: end)
        } else if listMarker(i) != nil {
            parseList(until: end)
        } else if t.hasPrefix("|") || t.hasPrefix("+-") || t.hasPrefix("+=") || isSimpleTableRule(t) {
            parseTable(until: end)
        } else if layout == .markup, indent(i) >= 4, index > 0, blank(i - 1) {
            parseIndentedCode(until: end)
        } else {
            parseParagraph(until: end)
        }
    }

    /// A Markdown block quote: its lines without the "> " markers, as one paragraph.
    private mutating func parseQuotation(until end: Int) {
        let first = index
        var texts: [Substring] = []
        while index < end, trimmed(index).hasPrefix(">") {
            texts.append(trimmed(index).dropFirst().drop(while: { $0 == " " }))
            index += 1
        }
        add(.prose, first, index - 1, MarkupRenderer.inline(texts.joined(separator: " ")))
    }

    /// One block of text whose lines are paragraphs: a run of preformatted lines, a run of list
    /// items, or one paragraph (in HTML, with the lines that continue its sentence).
    private mutating func parseExtractedLine(until end: Int) {
        let first = index
        if indent(first) >= 4 {
            while index < end, !blank(index), indent(index) >= 4 { index += 1 }
            add(.code, first, index - 1, dedented(first...(index - 1)))
        } else if listMarker(first) != nil {
            parseList(until: end)
        } else {
            var text = String(trimmed(first))
            index += 1
            // An HTML paragraph wrapped over lines: a line that starts in lower case, or follows one
            // that did not end a sentence, continues it.
            while layout == .html, index < end, !blank(index), indent(index) < 4, listMarker(index) == nil,
                !headingTitles.contains(String(trimmed(index))), let last = text.last,
                trimmed(index).first?.isLowercase == true || !".!?:".contains(last)
            {
                text += " " + trimmed(index)
                index += 1
            }
            add(.prose, first, index - 1, MarkupRenderer.inline(text), leadsIn: text.hasSuffix(":"))
        }
    }

    private mutating func add(_ kind: QuoteBlock.Kind, _ first: Int, _ last: Int, _ text: String, leadsIn: Bool = false) {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        blocks.append(QuoteBlock(kind: kind, firstLine: first, lastLine: last, text: text, leadsIn: leadsIn))
    }

    private mutating func parseParagraph(until end: Int) {
        let first = index
        var texts: [Substring] = []
        while index < end, !blank(index) {
            if index > first, fence(index) != nil || listMarker(index) != nil && indent(index) <= indent(first)
                || directive(index) != nil || isAdornment(index)
            {
                break
            }
            texts.append(trimmed(index))
            index += 1
        }
        var text = texts.joined(separator: " ")
        var leadsIn = text.hasSuffix(":")
        // reST "For example::" introduces a literal block and reads "For example:".
        if text.hasSuffix("::") {
            text = text.hasSuffix(" ::") ? String(text.dropLast(3)) : String(text.dropLast())
            leadsIn = true
            add(.prose, first, index - 1, MarkupRenderer.inline(text), leadsIn: true)
            parseLiteralAfterLeadIn(until: end)
            return
        }
        // Lines that were only inline HTML (<details>, <summary>…) leave nothing behind.
        add(.prose, first, index - 1, MarkupRenderer.inline(text).trimmingCharacters(in: .whitespaces), leadsIn: leadsIn)
    }

    /// The indented block after a "::" paragraph: code, whatever its indentation.
    private mutating func parseLiteralAfterLeadIn(until end: Int) {
        var probe = index
        while probe < end, blank(probe) { probe += 1 }
        guard probe < end, indent(probe) > 0 else { return }
        index = probe
        parseIndentedCode(until: end, minimum: 1)
    }

    private mutating func parseIndentedCode(until end: Int, minimum: Int = 4) {
        let first = index
        var last = index
        var probe = index
        let base = indent(first)
        while probe < end, blank(probe) || indent(probe) >= min(minimum, base) {
            if !blank(probe) { last = probe }
            probe += 1
        }
        index = last + 1
        add(.code, first, last, dedented(first...last))
    }

    private mutating func parseCodeLines(until end: Int) {
        let first = index
        while index < end, !blank(index) { index += 1 }
        add(.code, first, index - 1, dedented(first...(index - 1)))
    }

    private mutating func parseFence(_ fence: (character: Character, count: Int, info: Substring), until end: Int) {
        let first = index
        if fence.character == ":" && fence.info.isEmpty {
            index += 1  // a stray closing ":::"
            return
        }
        var close = first + 1
        while close < end {
            if let other = self.fence(close), other.character == fence.character, other.count >= fence.count,
                other.info.isEmpty
            {
                break
            }
            close += 1
        }
        let bodyEnd = min(close, end)
        index = min(close + 1, end)
        var name = fence.info
        if name.hasPrefix("{"), let brace = name.firstIndex(of: "}") {
            name = name[name.index(after: name.startIndex)..<brace]
            // A MyST directive: its options (":key: value") come first.
            var bodyStart = first + 1
            while bodyStart < bodyEnd, trimmed(bodyStart).hasPrefix(":"), trimmed(bodyStart).dropFirst().contains(":") {
                bodyStart += 1
            }
            directiveBody(String(name).lowercased(), argument: fence.info.drop(while: { $0 != "}" }).dropFirst(),
                bodyStart, bodyEnd, first, min(close, end - 1))
            return
        }
        guard first + 1 < bodyEnd else { return }
        add(.code, first, min(close, end - 1), dedented((first + 1)...(bodyEnd - 1)))
    }

    private static let admonitions: [String: String] = [
        "note": "Note:", "warning": "Warning:", "tip": "Tip:", "important": "Important:", "caution": "Caution:",
        "seealso": "See also:", "hint": "Hint:", "attention": "Attention:", "danger": "Danger:", "error": "Error:",
        "todo": "To do:",
    ]
    private static let codeDirectives: Set<String> = [
        "code-block", "code", "sourcecode", "doctest", "testcode", "testoutput", "console", "prompt", "parsed-literal",
    ]
    private static let signatureDirectives: Set<String> = [
        "function", "method", "class", "attribute", "data", "exception", "decorator", "decoratormethod", "classmethod",
        "staticmethod", "option", "cmdoption", "envvar", "django-admin-option", "describe", "object", "property",
    ]
    private static let droppedDirectives: Set<String> = [
        "toctree", "contents", "highlight", "currentmodule", "module", "index", "image", "figure", "include",
        "literalinclude", "raw", "only", "program-output", "autofunction", "autoclass", "automodule", "automethod",
        "autoattribute", "autodata", "autoexception", "program", "default-role", "sectionauthor", "moduleauthor",
        "setting", "templatetag", "templatefilter", "fieldlookup", "django-admin", "lookup", "testsetup", "testcleanup",
        "meta", "tabularcolumns", "role", "ifconfig",
    ]

    /// A reST directive (`.. name:: argument`, indented body) or a comment / target (`.. _x:`).
    private mutating func parseDirective(until end: Int) {
        let first = index
        guard let found = directive(first) else {
            skipIndentedBody(after: first, until: end)
            return
        }
        let (name, argument) = (found.name, found.argument)
        // The body: indented lines after the directive line, options (":key: value") first.
        let base = indent(first)
        var bodyStart = first + 1
        while bodyStart < end, !blank(bodyStart), trimmed(bodyStart).hasPrefix(":") { bodyStart += 1 }
        var bodyEnd = bodyStart
        var probe = bodyStart
        while probe < end, blank(probe) || indent(probe) > base {
            probe += 1
            if !blank(probe - 1) { bodyEnd = probe }
        }
        index = max(bodyEnd, first + 1)
        directiveBody(name, argument: argument, bodyStart, bodyEnd, first, index - 1)
    }

    private mutating func directiveBody(
        _ name: String, argument: Substring, _ bodyStart: Int, _ bodyEnd: Int, _ first: Int, _ last: Int
    ) {
        let resume = index
        defer { index = max(index, resume) }
        if Self.droppedDirectives.contains(name) { return }
        if Self.codeDirectives.contains(name) {
            let start = (bodyStart..<bodyEnd).first { !blank($0) } ?? bodyEnd
            if start < bodyEnd { add(.code, first, last, dedented(start...(bodyEnd - 1))) }
            return
        }
        if Self.signatureDirectives.contains(name), !argument.isEmpty {
            add(.signature, first, first, "`\(argument.trimmingCharacters(in: .whitespaces))`", leadsIn: true)
        }
        var label = Self.admonitions[name]
        switch name {
        case "versionadded": label = "New in version \(argument.split(separator: " ").first ?? argument):"
        case "versionchanged": label = "Changed in version \(argument.split(separator: " ").first ?? argument):"
        case "deprecated": label = "Deprecated since version \(argument.split(separator: " ").first ?? argument):"
        case "admonition", "rubric", "topic", "sidebar": if !argument.isEmpty { label = MarkupRenderer.inline(String(argument)) + ":" }
        default: break
        }
        if Self.admonitions[name] != nil, !argument.isEmpty {
            // ".. note:: The text" puts the first line of the body on the directive line.
            add(.prose, first, first, (label.map { $0 + " " } ?? "") + MarkupRenderer.inline(String(argument)))
            label = nil
        }
        guard bodyStart < bodyEnd else {
            if let label, name.hasPrefix("version") || name == "deprecated" { add(.prose, first, first, label) }
            return
        }
        // The body is parsed as text of its own, dedented, with line numbers kept.
        let margin = (bodyStart..<bodyEnd).filter { !blank($0) }.map(indent).min() ?? 0
        var inner = QuoteBlockParser(lines: lines[0..<bodyEnd].enumerated().map { offset, line in
            offset < bodyStart ? "" : Self.dedent(line, by: margin)
        })
        inner.index = bodyStart
        inner.parse(until: bodyEnd, prefix: label)
        blocks += inner.blocks
    }

    private mutating func skipIndentedBody(after first: Int, until end: Int) {
        let base = indent(first)
        var probe = first + 1
        var last = first
        while probe < end, blank(probe) || indent(probe) > base {
            if !blank(probe) { last = probe }
            probe += 1
        }
        index = last + 1
    }

    /// A list: items at one indentation, with their continuation lines and nested blocks (a
    /// code block inside step 2 stays in step 2), across blank lines between items.
    private mutating func parseList(until end: Int) {
        let first = index
        let base = indent(first)
        var items: [(marker: Substring, lines: [String], nested: Int)] = []
        var last = first
        var numbered = 0
        while index < end {
            if blank(index) {
                var probe = index
                while probe < end, blank(probe) { probe += 1 }
                guard probe < end, indent(probe) > base || (indent(probe) == base && listMarker(probe) != nil) else { break }
                index = probe
                continue
            }
            let level = indent(index)
            if level == base, let width = listMarker(index) {
                let t = trimmed(index)
                var marker = t.prefix(width - 1)
                if marker.first?.isNumber == true || marker == "#." {
                    numbered += 1
                    marker = "\(numbered)."[...]
                } else {
                    marker = "-"
                }
                items.append((marker, [String(t.dropFirst(width))], 0))
                last = index
                index += 1
            } else if level > base, !items.isEmpty {
                if let fence = fence(index) {
                    // A fenced block inside an item: kept as code under the item.
                    let open = index
                    var close = open + 1
                    while close < end, !(self.fence(close).map { $0.character == fence.character && $0.info.isEmpty } ?? false) {
                        close += 1
                    }
                    let body = open + 1 < min(close, end) ? dedented((open + 1)...(min(close, end) - 1)) : ""
                    items[items.count - 1].lines.append(
                        contentsOf: body.split(separator: "\n", omittingEmptySubsequences: false).map { Self.codeMark + $0 })
                    last = min(close, end - 1)
                    index = min(close + 1, end)
                } else if level >= base + 2, listMarker(index) != nil {
                    // A nested list item: one line of its own, indented.
                    let t = trimmed(index)
                    let width = listMarker(index) ?? 2
                    items[items.count - 1].lines.append("  " + String(t.prefix(width)) + String(t.dropFirst(width)))
                    last = index
                    index += 1
                } else {
                    let previousBlank = index > 0 && blank(index - 1)
                    let text = String(trimmed(index))
                    if previousBlank {
                        items[items.count - 1].lines.append(text)
                    } else {
                        items[items.count - 1].lines[items[items.count - 1].lines.count - 1] += " " + text
                    }
                    last = index
                    index += 1
                }
            } else {
                break
            }
        }
        // Lines are rendered whole, so a literal wrapped over two source lines stays one literal.
        func render(_ line: String) -> String {
            line.hasPrefix(Self.codeMark) ? "    " + line.dropFirst(Self.codeMark.count) : MarkupRenderer.inline(line)
        }
        let text = items.map { item in
            ([item.marker + " " + render(item.lines[0])] + item.lines.dropFirst().map { line in
                let rendered = render(line)
                return rendered.hasPrefix("    ") || rendered.hasPrefix("  ") ? "  " + rendered : "   " + rendered
            }).joined(separator: "\n")
        }.joined(separator: "\n")
        add(.list, first, last, text)
    }

    /// Marks a code line inside a list item while the item is collected (never rendered).
    private static let codeMark = "\u{1}"

    private func isSimpleTableRule(_ t: Substring) -> Bool {
        t.count >= 5 && t.contains(" ") && t.allSatisfy { $0 == "=" || $0 == " " } && t.first == "="
    }

    /// Markdown pipe tables and reST grid/simple tables: one row per line, cells joined by " | ".
    private mutating func parseTable(until end: Int) {
        let first = index
        var rows: [String] = []
        while index < end, !blank(index) || (index + 1 < end && isSimpleTableRule(trimmed(index + 1))) {
            let t = trimmed(index)
            index += 1
            if t.isEmpty || t.allSatisfy({ "|+-=: ".contains($0) }) { continue }
            let cells = t.split(separator: "|").map { MarkupRenderer.inline($0.trimmingCharacters(in: .whitespaces)) }
                .filter { !$0.isEmpty }
            rows.append(cells.count > 1 ? cells.joined(separator: " | ") : MarkupRenderer.inline(String(t)))
        }
        add(.table, first, index - 1, rows.joined(separator: "\n"))
    }

    private func dedented(_ range: ClosedRange<Int>) -> String {
        let margin = range.filter { !blank($0) }.map(indent).min() ?? 0
        var body = range.map { Self.dedent(lines[$0], by: margin) }
        while body.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { body.removeLast() }
        while body.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { body.removeFirst() }
        return body.joined(separator: "\n")
    }

    private static func dedent(_ line: Substring, by margin: Int) -> Substring {
        var dropped = 0
        var rest = line
        while dropped < margin, let c = rest.first, c == " " || c == "\t" {
            dropped += c == "\t" ? 4 : 1
            rest = rest.dropFirst()
        }
        return rest
    }
}
