import Foundation

/// Indexes files and folders into a collection: walk, plan, then read/extract/chunk on one thread
/// while another writes to the store, one transaction per group of whole documents.
///
/// Re-running it is cheap and incremental: unchanged files cost a `stat`, changed files are
/// replaced, deleted ones removed, and documents outside the given roots are never touched.
/// An interrupted run (Ctrl-C, `kill -9`, power loss) leaves every document either in its old
/// or its new state; the next run finishes the job. The text phase ends with chunks that have no
/// vector yet: the embedding phase (`VectorStore.chunksWithoutVector`) picks them up after it.
///
/// ```swift
/// for try await event in IngestRunner(store: store).ingest(["./docs"], options: IngestOptions()) {
///     if case .finished(let summary) = event { print(summary.added) }
/// }
/// ```
public struct IngestRunner: Sendable {
    public let store: CodexStore

    public init(store: CodexStore) {
        self.store = store
    }

    /// Runs the ingest on its own threads and reports events; the last one is `.finished`.
    ///
    /// Cancelling the consuming task (or calling `control.cancel()`) stops the run between two
    /// documents; it still ends with `.finished` whose summary says `interrupted`.
    /// - Throws (through the stream): `CodexError.pathNotFound`, `.storeLocked`, store errors.
    public func ingest(
        _ paths: [String], options: IngestOptions, control: IngestControl = IngestControl()
    ) -> AsyncThrowingStream<IngestEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: IngestEvent.self, bufferingPolicy: .unbounded)
        continuation.onTermination = { termination in
            if case .cancelled = termination { control.cancel() }
        }
        let job = IngestJob(store: store, options: options, control: control, continuation: continuation)
        let thread = Thread {
            do {
                try job.run(paths)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "codex.ingest.write"
        thread.start()
        return stream
    }

    /// Runs the ingest to the end and returns its summary, ignoring progress.
    public func run(_ paths: [String], options: IngestOptions, control: IngestControl = IngestControl())
        async throws -> IngestSummary
    {
        var summary: IngestSummary?
        for try await event in ingest(paths, options: options, control: control) {
            if case .finished(let final) = event { summary = final }
        }
        guard let summary else { throw CodexError.internal("the ingest ended without a summary") }
        return summary
    }
}

extension IngestRunner {
    /// Absolute, standardized, existing roots, without duplicates or roots nested in another.
    static func resolveRoots(_ paths: [String]) throws -> [String] { try IngestJob.resolveRoots(paths) }

    static func seconds(since start: ContinuousClock.Instant) -> Double { IngestJob.seconds(since: start) }
}

/// One ingest run; `run` executes on the writing thread and starts the reading thread.
private struct IngestJob: Sendable {
    let store: CodexStore
    let options: IngestOptions
    let control: IngestControl
    let continuation: AsyncThrowingStream<IngestEvent, any Error>.Continuation

    func run(_ paths: [String]) throws {
        let started = ContinuousClock.now
        let roots = try Self.resolveRoots(paths)
        let lock = try store.documents.lockForIngest(collection: options.collection)
        defer { withExtendedLifetime(lock) {} }
        let collection = try store.collections.findOrCreate(named: options.collection)
        guard let collectionId = collection.id else { throw CodexError.internal("collection without id") }
        let documents = store.documents
        try documents.prepareForBulkWrites(true)
        defer { try? documents.prepareForBulkWrites(false) }
        var summary = IngestSummary(collection: options.collection, roots: roots)

        // Walk and plan.
        let storePaths = store.files.map(FileFacts.standardize)
        let walker = FileWalker(
            excludes: options.excludes, maxFileSize: options.maxFileSize, excludedPaths: Set(storePaths))
        var onDisk: [FileFacts] = []
        var unreadableFolders: [String] = []
        for root in roots {
            let walked = try walker.walk(root: root)
            onDisk += walked.files
            summary.ignored += walked.ignored
            for skipped in walked.skipped {
                summary.recordSkip(skipped)
                continuation.yield(.skipped(skipped))
                if skipped.reason == .unreadable { unreadableFolders.append(skipped.path + "/") }
            }
        }
        summary.files = onDisk.count + summary.skippedCount
        let stored = try documents.storedDocuments(inCollection: collectionId, under: roots)
        var plan = IngestPlan.make(onDisk: onDisk, stored: stored, force: options.force)
        // Documents inside a folder we could not list this time are kept, not removed.
        plan.remove.removeAll { doc in unreadableFolders.contains { doc.facts.path.hasPrefix($0) } }
        summary.unchanged = plan.unchanged

        var progress = IngestProgress()
        progress.filesTotal = plan.filesToRead
        progress.bytesTotal = plan.bytesToRead
        progress.unchanged = plan.unchanged
        progress.removing = plan.remove.count
        continuation.yield(.planned(progress))

        // Removals in transactions of up to 256 documents, each document removed whole.
        var removals = plan.remove[...]
        while !removals.isEmpty && !control.isCancelled {
            let batch = removals.prefix(256)
            removals = removals.dropFirst(batch.count)
            try documents.remove(documents: batch.map(\.documentId), inCollection: collectionId)
            summary.removed += batch.count
        }

        try readAndWrite(plan, collectionId: collectionId, summary: &summary, progress: &progress, started: started)
        summary.interrupted = control.isCancelled
        summary.seconds = Self.seconds(since: started)
        continuation.yield(.finished(summary))
    }

    /// The pipeline: a reading thread prepares documents into a bounded queue; this thread writes them.
    private func readAndWrite(
        _ plan: IngestPlan, collectionId: Int64, summary: inout IngestSummary, progress: inout IngestProgress,
        started: ContinuousClock.Instant
    ) throws {
        let work: [(FileFacts, StoredDocumentFacts?)] =
            plan.add.map { ($0, nil) } + plan.recheck.map { ($0.onDisk, $0.stored) }
        guard !work.isEmpty else { return }
        let queue = BoundedQueue<PreparedItem>(maxCost: 32 * 1024 * 1024)
        let preparer = DocumentPreparer(
            chunker: Chunker(options: options.chunking), maxFileSize: options.maxFileSize, force: options.force,
            archiveLimits: options.readsPacked ? options.archiveLimits : nil)
        let control = self.control
        let reader = Thread {
            for (facts, stored) in work {
                if control.isCancelled { break }
                let item = preparer.prepare(facts, stored: stored)
                queue.push(item, cost: item.cost)
            }
            queue.push(.end, cost: 0)
        }
        reader.name = "codex.ingest.read"
        reader.start()

        var lastReport = ContinuousClock.now
        var failure: (any Error)?
        var group: [PreparedItem] = []
        var ended = false
        // Bounded: each pass takes at least one item off a finite queue ending with `.end`.
        while !ended {
            group.removeAll(keepingCapacity: true)
            var groupCost = 0
            var item = queue.pop()
            while true {
                if case .end = item {
                    ended = true
                    break
                }
                group.append(item)
                groupCost += item.cost
                if groupCost >= Self.maxTransactionBytes || group.count >= 1024 { break }
                guard let next = queue.popIfReady() else { break }
                item = next
            }
            // After a write error or a cancel, keep draining so the reading thread can finish, but
            // write nothing more: the next run picks up whatever was still queued.
            guard !group.isEmpty, failure == nil, !control.isCancelled else { continue }
            do {
                try store.documents.apply(group, inCollection: collectionId)
            } catch {
                failure = error
                control.cancel()
                continue
            }
            for item in group { account(item, summary: &summary, progress: &progress) }
            let now = ContinuousClock.now
            if now - lastReport > .milliseconds(50) || progress.filesDone == progress.filesTotal {
                lastReport = now
                progress.seconds = Self.seconds(since: started)
                continuation.yield(.progress(progress))
            }
        }
        if let failure { throw failure }
    }

    /// Whole documents are grouped into transactions of up to this many bytes of text (or 1,024
    /// documents), taking only what the reading thread has ready, so nothing ever waits to fill a
    /// group. FTS5 writes a new index segment at every commit; one commit per small file made
    /// the index ~10–30 % slower to build (measured). A document is never split across
    /// transactions, so a crash leaves each document wholly old or wholly new.
    static let maxTransactionBytes = 4 * 1024 * 1024

    /// Counts a committed item in the summary and the progress.
    private func account(_ item: PreparedItem, summary: inout IngestSummary, progress: inout IngestProgress) {
        switch item {
        case .document(let document):
            if document.replacing == nil { summary.added += 1 } else { summary.updated += 1 }
            summary.chunks += document.chunks.count
            summary.bytes += document.facts.size
            progress.bytesDone += document.facts.size
            progress.currentPath = document.facts.path
        case .archive(let archive):
            // Members count as documents: an archive of 40 pages adds 40.
            if archive.container.replacing == nil {
                summary.added += archive.members.count
            } else {
                summary.updated += archive.members.count
            }
            summary.chunks += archive.members.reduce(0) { $0 + $1.chunks.count }
            summary.bytes += archive.container.facts.size
            progress.bytesDone += archive.container.facts.size
            progress.currentPath = archive.container.facts.path
            for skipped in archive.skipped {
                summary.recordSkip(skipped)
                continuation.yield(.skipped(skipped))
            }
        case .sameContent(_, let facts):
            summary.unchanged += 1
            summary.bytes += facts.size
            progress.bytesDone += facts.size
        case .skipped(let skipped, let bytes, let remove):
            if remove != nil { summary.removed += 1 }
            summary.recordSkip(skipped)
            summary.bytes += bytes
            progress.bytesDone += bytes
            continuation.yield(.skipped(skipped))
        case .end:
            return
        }
        progress.filesDone += 1
    }

    /// Absolute, standardized, existing roots, without duplicates or roots nested in another.
    static func resolveRoots(_ paths: [String]) throws -> [String] {
        var roots: [String] = []
        for path in paths {
            let root = FileFacts.standardize(path)
            guard let status = FileStatus.of(root, followingLinks: true) else { throw CodexError.pathNotFound(path) }
            // A root the user named and we cannot read is an error; unreadable files inside are skips.
            let mode = status.type == .directory ? R_OK | X_OK : R_OK
            guard access(root, mode) == 0 else { throw CodexError.unreadablePath(root) }
            roots.append(root)
        }
        let unique = Array(Set(roots)).sorted()
        return unique.filter { root in
            !unique.contains { other in other != root && (other == "/" || root.hasPrefix(other + "/")) }
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return elapsed.inSeconds
    }
}
