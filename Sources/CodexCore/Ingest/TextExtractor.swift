import Foundation

/// Turns a file's bytes into `ExtractedText`, choosing the reader by kind.
struct TextExtractor: Sendable {
    var pdf = PDFTextExtractor()

    /// Why a file read as text is refused when its first bytes are not text (`ContentSniffer`).
    static let binary = ExtractionFailure(reason: .binary, detail: "contains NUL bytes or is not UTF-8 text")

    /// Whether files of `kind` are read as text, and so refused when they look binary; containers
    /// (PDF, DOCX, ODT, EPUB) and archives have readers of their own.
    static func readsAsText(_ kind: FileKind) -> Bool { !kind.isContainer && kind != .archive }

    /// Extracts the text of the file at `path`, whose bytes were already read (unused for PDF).
    ///
    /// `path` may name a member of an archive or a compressed file's content (`notes.md` for
    /// `notes.md.gz`): only PDF needs the file itself.
    func extract(path: String, kind: FileKind, bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedText {
        switch kind {
        case .pdf:
            return try pdf.extract(path: path)
        case .docx:
            let xml = try zipEntries(bytes) { $0 == "word/document.xml" }["word/document.xml"]
            guard let xml else {
                throw ExtractionFailure(reason: .extractionFailed, detail: "no word/document.xml inside")
            }
            return OfficeTextExtractor.docx(xml)
        case .odt:
            let xml = try zipEntries(bytes) { $0 == "content.xml" }["content.xml"]
            guard let xml else { throw ExtractionFailure(reason: .extractionFailed, detail: "no content.xml inside") }
            return OfficeTextExtractor.odt(xml)
        case .epub:
            return EPUBTextExtractor.extract(entries: try zipEntries(bytes, where: EPUBTextExtractor.isWanted))
        case .archive:
            throw ExtractionFailure(reason: .unsupported, detail: "an archive is read member by member")
        case .plain, .markdown, .rst, .code, .csv, .tsv, .json, .html:
            if bytes.withUnsafeBufferPointer(ContentSniffer.looksBinary) { throw Self.binary }
            // A byte-order mark is not text; dropping it keeps line numbers unchanged.
            let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if kind == .html { return HTMLTextExtractor().extract(text) }
            // `ls.1`, and `ls.1.gz` once decompressed: roff source, read as the words a reader sees.
            if kind == .plain, RoffText.looksLikeManPage(name: path, bytes: text) { return RoffText.render(text) }
            // A `.txt` file written in reStructuredText is chunked along its sections.
            if kind == .plain, RSTSniffer.looksLikeRST(text) { return ExtractedText(kind: .rst, bytes: text) }
            return ExtractedText(kind: kind, bytes: text)
        }
    }

    private func zipEntries(_ bytes: [UInt8], where wanted: (String) -> Bool) throws(ExtractionFailure) -> [String:
        [UInt8]]
    {
        do {
            return try ZipEntryReader.entries(of: bytes, where: wanted)
        } catch {
            switch error {
            case .encrypted:
                throw ExtractionFailure(reason: .unsupported, detail: "the document is encrypted")
            case .tooLarge(let entry):
                throw ExtractionFailure(reason: .tooLarge, detail: "\(entry) inflates to more than 64 MiB")
            case .unreadable(let message):
                throw ExtractionFailure(reason: .extractionFailed, detail: "not a readable zip container: \(message)")
            }
        }
    }
}
