/// Why a file was not ingested; the raw values are the keys of the summary's `skipped` object.
public enum SkipReason: String, Codable, Sendable, CaseIterable, Comparable {
    /// NUL bytes or invalid UTF-8 near the start.
    case binary
    /// Larger than `--max-file-size`.
    case tooLarge = "too_large"
    /// Could not be opened or read (permissions, vanished during the walk).
    case unreadable
    /// A format codex cannot read here, e.g. PDF without `pdftotext`, or an encrypted document.
    case unsupported
    /// A readable file whose content could not be turned into text (corrupt DOCX, pdftotext failure).
    case extractionFailed = "extraction_failed"
    /// An archive or member refused for safety: a decompression bomb, a path escaping the archive,
    /// a link (never followed), too many entries.
    case unsafe

    public static func < (lhs: SkipReason, rhs: SkipReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A file left out, and why, in words a person can act on.
public struct SkippedFile: Codable, Sendable, Equatable {
    public var path: String
    public var reason: SkipReason
    /// "40.0 MiB is over the 32.0 MiB limit", "install poppler-utils to read PDF files".
    public var detail: String

    public init(path: String, reason: SkipReason, detail: String) {
        self.path = path
        self.reason = reason
        self.detail = detail
    }
}
