/// Reads the paragraphs of DOCX (`word/document.xml`) and ODT (`content.xml`) documents.
///
/// Each paragraph becomes one line, empty ones included, so line N of a citation is the N-th
/// paragraph of the document body (table cells are paragraphs too). Heading styles (`Heading1`,
/// `Title`, ODT `<text:h>`) become headings for the chunker.
enum OfficeTextExtractor {
    static func docx(_ xml: [UInt8]) -> ExtractedText {
        var lines = ParagraphCollector()
        var inText = false
        XMLScanner.scan(xml) { event in
            switch event {
            case .start(let name, let attributes, _):
                switch name {
                case "w:p": lines.open()
                case "w:t": inText = true
                case "w:tab": lines.append([0x09])
                case "w:br", "w:cr": lines.append([0x20])
                case "w:pStyle":
                    if let style = XMLScanner.attribute("w:val", in: attributes) { lines.setStyle(style) }
                case "w:numPr": lines.setPrefix("- ")
                default: break
                }
            case .end(let name):
                if name == "w:p" { lines.close() } else if name == "w:t" { inText = false }
            case .text(let text):
                if inText { lines.append(text) }
            }
        }
        return lines.result(kind: .docx)
    }

    static func odt(_ xml: [UInt8]) -> ExtractedText {
        var lines = ParagraphCollector()
        var inBody = false
        XMLScanner.scan(xml) { event in
            switch event {
            case .start(let name, let attributes, _):
                switch name {
                case "office:body": inBody = true
                case "text:p": if inBody { lines.open() }
                case "text:h":
                    guard inBody else { break }
                    lines.open()
                    let level = XMLScanner.attribute("text:outline-level", in: attributes).flatMap { Int($0) } ?? 1
                    lines.setLevel(level)
                case "text:s":
                    let count = XMLScanner.attribute("text:c", in: attributes).flatMap { Int($0) } ?? 1
                    lines.append([UInt8](repeating: 0x20, count: min(max(count, 1), 64)))
                case "text:tab": lines.append([0x09])
                case "text:line-break": lines.append([0x20])
                default: break
                }
            case .end(let name):
                if name == "text:p" || name == "text:h" {
                    lines.close()
                } else if name == "office:body" {
                    inBody = false
                }
            case .text(let text):
                lines.append(text)
            }
        }
        return lines.result(kind: .odt)
    }
}

/// Collects paragraphs (possibly nested, as in DOCX text boxes) into one line each.
struct ParagraphCollector {
    private var stack: [(text: [UInt8], level: Int?, prefix: String)] = []
    private var output: [UInt8] = []
    private var line = 0
    private var headings: [Int: HeadingMark] = [:]
    /// Keep empty paragraphs as blank lines (DOCX/ODT numbering) or drop them (EPUB).
    var keepsEmpty = true

    mutating func open() { stack.append(([], nil, "")) }

    /// Marks the open paragraph as a list item ("- ") or preformatted text ("    "), so a quote
    /// keeps a procedure together and shows code as code.
    mutating func setPrefix(_ prefix: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].prefix = prefix
    }

    mutating func append(_ text: [UInt8]) {
        guard !stack.isEmpty else { return }
        for byte in text {
            // One paragraph, one line: newlines inside a paragraph become spaces.
            stack[stack.count - 1].text.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte)
        }
    }

    mutating func setStyle(_ style: String) {
        let lower = style.lowercased()
        if ["sourcecode", "code", "htmlpreformatted", "plaintext", "verbatim"].contains(lower) {
            setPrefix("    ")
        } else if lower == "title" {
            setLevel(1)
        } else if lower.hasPrefix("heading"), let level = Int(lower.dropFirst("heading".count)) {
            setLevel(level)
        }
    }

    mutating func setLevel(_ level: Int) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].level = min(max(level, 1), 9)
    }

    mutating func close() {
        guard let paragraph = stack.popLast() else { return }
        let words = String(decoding: paragraph.text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
            .joined(separator: " ")
        if words.isEmpty && !keepsEmpty { return }
        if let level = paragraph.level, !words.isEmpty { headings[line] = HeadingMark(level: level, title: words) }
        if !words.isEmpty && paragraph.level == nil { output.append(contentsOf: paragraph.prefix.utf8) }
        output.append(contentsOf: words.utf8)
        output.append(0x0A)
        line += 1
    }

    func result(kind: FileKind) -> ExtractedText {
        ExtractedText(kind: kind, bytes: output, headings: headings)
    }
}
