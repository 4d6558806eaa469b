import Foundation

/// Reads the chapters of an EPUB in reading (spine) order, one paragraph per line.
///
/// Line N of a citation is the N-th non-empty paragraph (`<p>`, `<li>`, `<h1>`…, table cells)
/// across the chapters; `<h1>`…`<h6>` become headings. Without a readable package document the
/// XHTML files are read in name order.
enum EPUBTextExtractor {
    static func extract(entries: [String: [UInt8]]) -> ExtractedText {
        var collector = ParagraphCollector()
        collector.keepsEmpty = false
        for chapter in readingOrder(entries) {
            guard let xhtml = entries[chapter] else { continue }
            collectParagraphs(xhtml, into: &collector)
        }
        return collector.result(kind: .epub)
    }

    static func isWanted(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".xml") || lower.hasSuffix(".opf") || lower.hasSuffix(".xhtml")
            || lower.hasSuffix(".html") || lower.hasSuffix(".htm")
    }

    /// Chapter paths from `META-INF/container.xml` → package document → spine.
    static func readingOrder(_ entries: [String: [UInt8]]) -> [String] {
        let fallback = entries.keys.filter {
            let lower = $0.lowercased()
            return lower.hasSuffix(".xhtml") || lower.hasSuffix(".html") || lower.hasSuffix(".htm")
        }.sorted()
        guard let container = entries["META-INF/container.xml"] else { return fallback }
        var packagePath: String?
        XMLScanner.scan(container) { event in
            if case .start(let name, let attributes, _) = event, XMLScanner.localName(name) == "rootfile",
                packagePath == nil
            {
                packagePath = XMLScanner.attribute("full-path", in: attributes)
            }
        }
        guard let packagePath, let package = entries[packagePath] else { return fallback }
        let base = (packagePath as NSString).deletingLastPathComponent
        var manifest: [String: String] = [:]
        var spine: [String] = []
        XMLScanner.scan(package) { event in
            guard case .start(let name, let attributes, _) = event else { return }
            switch XMLScanner.localName(name) {
            case "item":
                if let id = XMLScanner.attribute("id", in: attributes),
                    let href = XMLScanner.attribute("href", in: attributes)
                {
                    let decoded = href.removingPercentEncoding ?? href
                    manifest[id] = base.isEmpty ? decoded : base + "/" + decoded
                }
            case "itemref":
                if let id = XMLScanner.attribute("idref", in: attributes) { spine.append(id) }
            default: break
            }
        }
        let ordered = spine.compactMap { manifest[$0] }.map { ($0 as NSString).standardizingPath }
        return ordered.isEmpty ? fallback : ordered
    }

    private static let blockElements: Set<Substring> = [
        "p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "blockquote", "pre", "div", "section", "article",
        "aside", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "title", "tr", "br", "hr",
    ]
    private static let droppedElements: Set<Substring> = ["script", "style", "head"]

    private static func collectParagraphs(_ xhtml: [UInt8], into collector: inout ParagraphCollector) {
        var dropped = 0
        var inParagraph = false
        XMLScanner.scan(xhtml) { event in
            switch event {
            case .start(let name, _, _):
                let local = XMLScanner.localName(name).lowercased()[...]
                if droppedElements.contains(local) { dropped += 1 }
                if blockElements.contains(local) {
                    if inParagraph { collector.close() }
                    collector.open()
                    inParagraph = true
                    if local.count == 2, local.first == "h", let level = Int(local.dropFirst()) {
                        collector.setLevel(level)
                    } else if local == "li" {
                        collector.setPrefix("- ")
                    } else if local == "pre" {
                        collector.setPrefix("    ")
                    }
                }
            case .end(let name):
                let local = XMLScanner.localName(name).lowercased()[...]
                if droppedElements.contains(local) { dropped = max(0, dropped - 1) }
                if blockElements.contains(local) && inParagraph {
                    collector.close()
                    inParagraph = false
                    // Text after a nested block (`<div><p>a</p> tail</div>`) starts a new paragraph.
                    collector.open()
                    inParagraph = true
                }
            case .text(let text):
                if dropped == 0 {
                    if !inParagraph {
                        collector.open()
                        inParagraph = true
                    }
                    collector.append(text)
                }
            }
        }
        if inParagraph { collector.close() }
    }
}
