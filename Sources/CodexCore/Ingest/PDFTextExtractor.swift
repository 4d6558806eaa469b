import Foundation

/// Reads PDF text with poppler's `pdftotext -layout`, when it is installed.
///
/// Lines are those of `pdftotext` output; each page starts with a form feed, which is removed
/// from the text and becomes a heading ("Page 3") so chunks never straddle pages.
struct PDFTextExtractor: Sendable {
    /// `pdftotext` on `PATH`, or nil.
    let executable: String?
    /// A PDF that takes longer than this is given up on rather than stalling the whole ingest.
    var timeout: TimeInterval = 120

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        executable = directories.map { "\($0)/pdftotext" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func extract(path: String) throws(ExtractionFailure) -> ExtractedText {
        guard let executable else {
            throw ExtractionFailure(
                reason: .unsupported, detail: "pdftotext is not installed; install poppler-utils to read PDF files")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-layout", "-enc", "UTF-8", "-q", path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ExtractionFailure(reason: .extractionFailed, detail: "could not run pdftotext: \(error.localizedDescription)")
        }
        let deadline = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        deadline.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let detail = process.terminationReason == .exit
                ? "pdftotext failed (status \(process.terminationStatus)); the PDF may be encrypted or damaged"
                : "pdftotext took longer than \(Int(timeout)) s"
            throw ExtractionFailure(reason: .extractionFailed, detail: detail)
        }
        return Self.pages(Array(data))
    }

    /// Removes form feeds and marks the line each page starts on.
    static func pages(_ raw: [UInt8]) -> ExtractedText {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var headings: [Int: HeadingMark] = [0: HeadingMark(level: 1, title: "Page 1")]
        var line = 0
        var page = 1
        for (index, byte) in raw.enumerated() {
            if byte == 0x0C {
                // pdftotext ends every page, the last one included, with a form feed.
                if index + 1 < raw.count {
                    page += 1
                    headings[line] = HeadingMark(level: 1, title: "Page \(page)")
                }
                continue
            }
            if byte == 0x0A { line += 1 }
            bytes.append(byte)
        }
        return ExtractedText(kind: .pdf, bytes: bytes, headings: headings)
    }
}

/// Why a file's text could not be extracted; the runner turns it into a `SkippedFile`.
struct ExtractionFailure: Error, Equatable {
    var reason: SkipReason
    var detail: String
}
