import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct ExtractorTests {
    @Test func htmlTextKeepsTheFileLineNumbersAndDropsScriptsAndTags() async throws {
        // Given an HTML page whose text sits on known lines
        let dir = try TemporaryDirectory()
        let html = """
            <!doctype html>
            <html><head><title>Keys</title>
            <script>
            var secret = "do not index";
            </script>
            <style>p { color: red }</style></head>
            <body>
            <h1>Rotating &amp; revoking</h1>
            <p>Use <b>codex keys rotate</b>
            to rotate the signing&nbsp;key.</p>
            <!-- a comment
            spanning lines -->
            <h2>Revoke</h2>
            <p>Revoke with &lt;id&gt; &#8212; done.</p>
            </body></html>
            """
        let path = try dir.write("page.html", html)
        // When it is ingested
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        let chunks = try IngestHarness.chunks(of: path, in: database)
        // Then the text is found on the lines it has in the file, without markup or script
        let rotate = try #require(chunks.first { $0.text.contains("codex keys rotate") })
        #expect(rotate.lines == 8...10)
        #expect(rotate.heading == "Rotating & revoking")
        #expect(rotate.text.contains("to rotate the signing key."))
        let revoke = try #require(chunks.first { $0.text.contains("Revoke with <id> — done.") })
        #expect(revoke.lines == 13...14)
        #expect(revoke.heading == "Rotating & revoking > Revoke")
        #expect(
            !chunks.contains { $0.text.contains("do not index") || $0.text.contains("<") && $0.text.contains("<p>") })
    }

    @Test func docxParagraphsBecomeLinesAndHeadingStylesBecomeHeadings() async throws {
        // Given a DOCX built here with libarchive: a title, two paragraphs, an empty one, a heading, a table cell
        let dir = try TemporaryDirectory()
        let path = dir.path + "/manual.docx"
        let body = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Operations manual</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Keys are rotated </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>monthly</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>
            <w:p><w:r><w:t>Ask the on-call engineer &amp; wait.</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Backups</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nightly at 02:00</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>
            """
        try ZipBuilder.write(
            [
                ("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>"),
                ("word/document.xml", body),
            ], to: path)
        // When it is ingested
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest([path], into: database)
        // Then line N is paragraph N, with the heading path from the styles
        #expect(summary.added == 1)
        let chunks = try IngestHarness.chunks(of: path, in: database)
        #expect(
            chunks.map(\.text) == [
                "Operations manual\nKeys are rotated monthly.\nAsk the on-call engineer & wait.",
                "Backups\nNightly at 02:00",
            ])
        #expect(chunks.map(\.lines) == [1...3, 5...6])
        #expect(chunks.map(\.heading) == ["Operations manual", "Operations manual > Backups"])
        let kind = try database.readSync { try String.fetchOne($0, sql: "SELECT kind FROM document") }
        #expect(kind == "docx")
    }

    @Test func epubChaptersAreReadInSpineOrderOneParagraphPerLine() async throws {
        // Given an EPUB whose spine lists chapter 2's file before chapter 1's name order would
        let dir = try TemporaryDirectory()
        let path = dir.path + "/book.epub"
        let chapter = { (title: String, text: String) in
            """
            <?xml version="1.0" encoding="utf-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>\(title)</title><style>p{}</style></head>
            <body><h1>\(title)</h1>
            <p>\(text)</p>
            <p>Second
               paragraph.</p></body></html>
            """
        }
        try ZipBuilder.write(
            [
                ("mimetype", "application/epub+zip"),
                (
                    "META-INF/container.xml",
                    """
                    <?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
                    <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>
                    """
                ),
                (
                    "OEBPS/content.opf",
                    """
                    <?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
                    <manifest><item id="b" href="text/b.xhtml" media-type="application/xhtml+xml"/>
                    <item id="a" href="text/a.xhtml" media-type="application/xhtml+xml"/></manifest>
                    <spine><itemref idref="b"/><itemref idref="a"/></spine></package>
                    """
                ),
                ("OEBPS/text/a.xhtml", chapter("Later", "Rotate keys after the audit.")),
                ("OEBPS/text/b.xhtml", chapter("First", "Install &amp; configure.")),
            ], to: path, stored: ["mimetype"])
        // When it is ingested
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        // Then the spine order holds, each paragraph is a line, and h1s are headings
        let chunks = try IngestHarness.chunks(of: path, in: database)
        #expect(
            chunks.map(\.text) == [
                "First\nInstall & configure.\nSecond paragraph.",
                "Later\nRotate keys after the audit.\nSecond paragraph.",
            ])
        #expect(chunks.map(\.lines) == [1...3, 4...6])
        #expect(chunks.map(\.heading) == ["First", "Later"])
    }

    @Test func odtParagraphsAndOutlineHeadingsAreRead() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/notes.odt"
        try ZipBuilder.write(
            [
                ("mimetype", "application/vnd.oasis.opendocument.text"),
                (
                    "content.xml",
                    """
                    <?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
                    <text:h text:outline-level="1">Deploy</text:h><text:p>Run<text:s text:c="2"/>make deploy<text:tab/>now.</text:p>
                    </office:text></office:body></office:document-content>
                    """
                ),
            ], to: path, stored: ["mimetype"])
        // The extractor reads the container from the bytes ingest already read (and hashed).
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = try TextExtractor().extract(path: path, kind: .odt, bytes: bytes)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "Deploy\nRun make deploy now.\n")
        #expect(text.headings == [0: HeadingMark(level: 1, title: "Deploy")])
    }

    @Test func aDamagedDocxIsSkippedWithAReasonNotAnError() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("broken.docx", "this is not a zip file at all")
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest([path], into: database)
        #expect(summary.skipped["extraction_failed"]?.files.map(\.path) == [path])
        #expect(summary.added == 0)
    }

    @Test(arguments: [FileKind.json, .csv, .tsv, .code])
    func structuredTextKeepsItsOwnLines(kind: FileKind) async throws {
        // Given a file of 300 lines
        let dir = try TemporaryDirectory()
        let ext = ["json": "json", "csv": "csv", "tsv": "tsv", "code": "py"][kind.rawValue]!
        let lines = (0..<300).map { i -> String in
            switch kind {
            case .json: return "  {\"id\": \(i), \"host\": \"node\(i).example\"},"
            case .csv: return "\(i),node\(i).example,ok"
            case .tsv: return "\(i)\tnode\(i).example\tok"
            default: return i % 10 == 0 ? "" : "    value_\(i) = compute(\(i))"
            }
        }
        let source = lines.joined(separator: "\n") + "\n"
        let path = try dir.write("data.\(ext)", source)
        // When ingested
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        // Then every chunk is exactly its lines, and every non-blank line is in some chunk
        let chunks = try IngestHarness.chunks(of: path, in: database)
        #expect(chunks.count > 2)
        for chunk in chunks {
            #expect(chunk.text == IngestHarness.lines(source, chunk.startLine, chunk.endLine))
        }
        for (index, line) in lines.enumerated() where !line.isEmpty {
            #expect(chunks.contains { $0.lines.contains(index + 1) })
        }
    }

    @Test func pdfPagesBecomeHeadingsAndFormFeedsAreRemoved() {
        let text = PDFTextExtractor.pages(Array("Intro\nmore\n\u{0C}Second page\n\u{0C}".utf8))
        #expect(String(decoding: text.bytes, as: UTF8.self) == "Intro\nmore\nSecond page\n")
        #expect(
            text.headings == [0: HeadingMark(level: 1, title: "Page 1"), 2: HeadingMark(level: 1, title: "Page 2")])
    }

    @Test func withoutPdftotextAPDFIsSkippedWithAHintToInstallPoppler() throws {
        let extractor = PDFTextExtractor(environment: ["PATH": "/nonexistent"])
        #expect(
            throws: ExtractionFailure(
                reason: .unsupported, detail: "pdftotext is not installed; install poppler-utils to read PDF files")
        ) { try extractor.extract(path: "/tmp/x.pdf") }
    }

    @Test(.enabled(if: PDFTextExtractor().executable != nil))
    func aPDFIsReadThroughPdftotextWithPagesAsHeadings() async throws {
        // Given a two-page PDF written here by hand
        let dir = try TemporaryDirectory()
        let path = try dir.write(
            "guide.pdf", Self.minimalPDF(pages: [["Rotate the signing key", "every month"], ["Second page text"]]))
        // When it is ingested
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        // Then each page is its own chunk, citing pdftotext's lines
        let chunks = try IngestHarness.chunks(of: path, in: database)
        #expect(chunks.map(\.text) == ["Rotate the signing key\nevery month", "Second page text"])
        #expect(chunks.map(\.lines) == [1...2, 3...3])
        #expect(chunks.map(\.heading) == ["Page 1", "Page 2"])
    }

    /// The smallest valid PDF with Helvetica text lines on each page.
    private static func minimalPDF(pages: [[String]]) -> String {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
        let kids = pages.indices.map { "\(3 + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        let font = 3 + 2 * pages.count
        for (index, lines) in pages.enumerated() {
            let content = "BT /F1 12 Tf 72 720 Td 14 TL " + lines.map { "(\($0)) Tj T*" }.joined(separator: " ") + " ET"
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 \(font) 0 R >> >> "
                    + "/Contents \(4 + 2 * index) 0 R >>")
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (number, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(number + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        out += offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return out
    }
}
