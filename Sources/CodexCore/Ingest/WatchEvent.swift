/// What a watcher reports.
public enum WatchEvent: Sendable {
    /// The first, full pass.
    case initial(WatchBatch)
    /// Watching started, or polling took over from inotify during the run; `fallbackReason` says
    /// why polling replaced inotify, if it did.
    case watching(backend: WatchBackend, fallbackReason: String?)
    /// A pass after changes that added, updated or removed documents.
    case batch(WatchBatch)
    /// A pass that could not run; the watcher goes on.
    case failed(String)
}

/// One pass of a watcher: the ingest summary and the vectors made after it.
public struct WatchBatch: Sendable, Encodable {
    public var summary: IngestSummary
    public var embedded: Int
    /// Ingest and embedding, from the end of the debounce.
    public var seconds: Double
    /// Up to 20 of the documents written.
    public var paths: [String]

    /// Skipped files alone do not count: a binary file is skipped again on every pass.
    public var changedSomething: Bool { summary.added + summary.updated + summary.removed > 0 }
}
