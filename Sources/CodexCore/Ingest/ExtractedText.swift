#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text of a file, ready to chunk: UTF-8 lines whose numbers are the citation line numbers.
///
/// For text formats (plain, Markdown, reStructuredText, code, CSV/TSV, JSON) the lines are the
/// file's own lines. HTML keeps the file's line structure too: tags are removed but their
/// newlines are kept, so line N of the text is line N of the `.html` file. DOCX, ODT and EPUB
/// have no lines: line N is the N-th paragraph of the document (empty paragraphs included).
/// PDF lines are those of `pdftotext -layout` output, whose pages start with a form feed.
public struct ExtractedText: Sendable {
    public var kind: FileKind
    public var bytes: [UInt8]
    /// Headings the format marks explicitly (HTML `<h1>`, DOCX heading styles), by 0-based line.
    public var headings: [Int: HeadingMark]

    public init(kind: FileKind, bytes: [UInt8], headings: [Int: HeadingMark] = [:]) {
        self.kind = kind
        self.bytes = bytes
        self.headings = headings
    }

    public init(kind: FileKind, text: String, headings: [Int: HeadingMark] = [:]) {
        self.init(kind: kind, bytes: Array(text.utf8), headings: headings)
    }
}

/// A heading: its depth (1 = top) and its words.
public struct HeadingMark: Sendable, Equatable {
    public var level: Int
    public var title: String

    public init(level: Int, title: String) {
        self.level = level
        self.title = title
    }
}

/// Where each line of a UTF-8 buffer starts and ends (without its `\n` or `\r\n`).
struct LineTable: Sendable {
    var starts: [Int] = []
    var ends: [Int] = []

    var count: Int { starts.count }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let total = bytes.count
        starts.reserveCapacity(total / 40 + 1)
        ends.reserveCapacity(total / 40 + 1)
        guard total > 0, let base = bytes.baseAddress else { return }
        var start = 0
        while start < total {
            let found = memchr(base + start, 0x0A, total - start)
            let newline = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? total
            var end = newline
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            starts.append(start)
            ends.append(end)
            start = newline + 1
        }
    }

    func range(_ line: Int) -> Range<Int> { starts[line]..<ends[line] }
}
