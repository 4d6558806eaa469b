/// What an ingest did; the `--json` output of `codex ingest` (keys in snake_case).
public struct IngestSummary: Codable, Sendable, Equatable {
    public var collection: String
    public var roots: [String]
    /// New documents.
    public var added = 0
    /// Documents re-chunked because their content changed.
    public var updated = 0
    /// Files left as they were (same size and time, or same hash after a touch).
    public var unchanged = 0
    /// Documents removed because their file is gone or now excluded.
    public var removed = 0
    /// Skipped files by reason (`binary`, `too_large`, …).
    public var skipped: [String: SkippedGroup] = [:]
    /// Entries left out by `.gitignore`, `--exclude`, or for being hidden or tool folders.
    public var ignored = 0
    /// Files considered: everything found except ignored entries.
    public var files = 0
    /// Bytes read (unchanged files are not read).
    public var bytes: Int64 = 0
    /// Chunks written.
    public var chunks = 0
    public var seconds: Double = 0
    /// True when Ctrl-C (or a cancelled task) stopped the ingest between two documents.
    public var interrupted = false

    public init(collection: String, roots: [String]) {
        self.collection = collection
        self.roots = roots
    }

    public var skippedCount: Int { skipped.values.reduce(0) { $0 + $1.count } }

    /// The first paths kept per reason; the count is always exact.
    public static let maxPathsPerReason = 200

    mutating func recordSkip(_ file: SkippedFile) {
        var group = skipped[file.reason.rawValue] ?? SkippedGroup()
        group.count += 1
        if group.files.count < Self.maxPathsPerReason { group.files.append(SkippedGroup.Entry(path: file.path, detail: file.detail)) }
        skipped[file.reason.rawValue] = group
    }
}

/// Skipped files of one reason.
public struct SkippedGroup: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var path: String
        public var detail: String
    }

    public var count = 0
    /// At most `IngestSummary.maxPathsPerReason` of them.
    public var files: [Entry] = []
}

/// Something an ingest reports while it runs.
public enum IngestEvent: Sendable, Equatable {
    /// The walk and the plan are done; totals are known.
    case planned(IngestProgress)
    /// A document was stored (or found unchanged by hash); sent at most every few tens of milliseconds.
    case progress(IngestProgress)
    case skipped(SkippedFile)
    /// The last event.
    case finished(IngestSummary)
}

/// How far the reading phase is.
public struct IngestProgress: Sendable, Equatable {
    public var filesDone = 0
    public var filesTotal = 0
    public var bytesDone: Int64 = 0
    public var bytesTotal: Int64 = 0
    /// Files needing no work (unchanged by size and time) and documents to remove.
    public var unchanged = 0
    public var removing = 0
    public var seconds: Double = 0
    public var currentPath: String?

    public init() {}
}
