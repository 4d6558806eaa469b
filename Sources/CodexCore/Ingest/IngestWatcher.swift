import Foundation

/// Keeps a collection in step with folders: one ingest, then an incremental ingest after every
/// burst of changes (inotify, or polling), followed by the embedding of the new chunks.
///
/// Each pass is an ordinary `IngestRunner` run over the same roots — unchanged files cost a
/// `stat`, changed ones are re-read, deleted ones removed, each document in its own transaction —
/// so stopping the watcher at any moment (Ctrl-C, `kill -9`) leaves the store consistent, and
/// the next run catches up with whatever changed meanwhile.
///
/// ```swift
/// let watcher = IngestWatcher(store: store, options: IngestOptions())
/// for try await event in watcher.watch(["./docs"]) { if case .batch(let b) = event { print(b.summary.added) } }
/// ```
public struct IngestWatcher: Sendable {
    public var store: CodexStore
    public var options: IngestOptions
    public var backend: WatchBackend
    /// Quiet time after a change before the pass starts, so a burst (an editor's save, a
    /// `git checkout`) is one pass.
    public var debounce: Duration
    public var pollInterval: Duration
    /// Embeds the chunks that have no vector and returns how many; nil leaves them to a later
    /// `codex ingest` (keyword search works without them).
    public var embed: (@Sendable () async throws -> Int)?
    /// Test seam: behave as if the kernel allowed only this many inotify watches.
    var watchLimit: Int?

    public init(
        store: CodexStore, options: IngestOptions, backend: WatchBackend = .auto,
        debounce: Duration = .milliseconds(150), pollInterval: Duration = .seconds(1),
        embed: (@Sendable () async throws -> Int)? = nil
    ) {
        self.store = store
        self.options = options
        self.backend = backend
        self.debounce = debounce
        self.pollInterval = pollInterval
        self.embed = embed
    }

    /// Runs until the consuming task is cancelled. The first event is `.initial`, then `.watching`,
    /// then a `.batch` per pass that changed something (or `.failed` for a pass that could not run).
    ///
    /// - Throws (through the stream): what the first pass throws (`pathNotFound`, `storeLocked`, …).
    public func watch(_ paths: [String]) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await run(paths, continuation)
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func run(_ paths: [String], _ continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation)
        async throws
    {
        let roots = try IngestRunner.resolveRoots(paths)
        // Watching starts before the first pass, so a change made while it runs is not missed.
        let storePaths = store.files.map(FileFacts.standardize)
        let source = ChangeSource(
            roots: roots, backend: backend, ignoredPaths: Set(storePaths), pollInterval: pollInterval,
            watchLimit: watchLimit)
        defer { source.stop() }
        let first = try await pass(roots)
        if first.summary.interrupted || Task.isCancelled { return }
        continuation.yield(.initial(first))
        var reported = source.backend
        continuation.yield(.watching(backend: reported, fallbackReason: source.fallbackReason))
        for await _ in source.changes {
            try await Task.sleep(for: debounce)
            let batch: WatchBatch
            do {
                batch = try await pass(roots)
            } catch is CancellationError {
                return
            } catch {
                // Another ingest holds the store, a root vanished for a moment: say so, keep watching.
                continuation.yield(.failed((error as? CodexError)?.message ?? "\(error)"))
                continue
            }
            if batch.summary.interrupted || Task.isCancelled { return }
            if source.backend != reported {
                // inotify gave up during the run (too many folders): say that polling took over.
                reported = source.backend
                continuation.yield(.watching(backend: reported, fallbackReason: source.fallbackReason))
            }
            if batch.changedSomething { continuation.yield(.batch(batch)) }
        }
    }

    /// One incremental ingest of the roots, then the embedding of its new chunks.
    private func pass(_ roots: [String]) async throws -> WatchBatch {
        let started = ContinuousClock.now
        var changed: [String] = []
        var summary: IngestSummary?
        let control = IngestControl()
        for try await event in IngestRunner(store: store).ingest(roots, options: options, control: control) {
            switch event {
            case .progress(let progress):
                if let path = progress.currentPath, changed.last != path, changed.count < 20 { changed.append(path) }
            case .finished(let final):
                summary = final
            case .planned, .skipped:
                break
            }
        }
        guard let summary else { throw CodexError.internal("the ingest ended without a summary") }
        try Task.checkCancellation()
        let embedded = summary.chunks > 0 ? try await embed?() ?? 0 : 0
        return WatchBatch(
            summary: summary, embedded: embedded, seconds: IngestRunner.seconds(since: started), paths: changed)
    }
}
