import Foundation
import Synchronization

/// Ingest as one flow for every caller (`codex ingest`, `POST /ingest`): the text phase
/// (`IngestRunner`: read, chunk, full-text index) and the embedding phase (`VectorBackfill`).
///
/// Embedding starts once the text phase has planned its work and embeds chunks as that phase
/// commits them, so the two overlap; keyword search works throughout, and an interrupted run
/// leaves chunks without vectors that the next run embeds. Callers only render the events.
///
/// ```swift
/// for try await event in IngestFlow(context: context, embedder: .builtin).run(["./docs"], options: options) {
///     if case .text(.finished(let summary)) = event { print(summary.added) }
/// }
/// ```
public struct IngestFlow: Sendable {
    public enum Event: Sendable {
        /// The text phase's events; its `.finished` comes before any `.embedded`.
        case text(IngestEvent)
        /// Vectors so far, after each batch; the total grows while the text phase adds chunks.
        case embedding(VectorBackfill.Progress)
        /// The built-in embedder could not be loaded: keyword search works, semantic search will not.
        case embedderUnavailable(CodexError)
        /// The embedding phase's outcome, the last event (none when embedding is off or the run was interrupted).
        case embedded(EmbeddingReport)
    }

    public let context: CodexContext
    public let embedder: EmbedderSpec

    public init(context: CodexContext, embedder: EmbedderSpec) {
        self.context = context
        self.embedder = embedder
    }

    /// Runs both phases and reports their events.
    ///
    /// `control.cancel()` (Ctrl-C), or cancelling the consuming task, stops the text phase between
    /// two documents and the embedding between two batches. An interrupted text phase still ends
    /// with `.finished`, whose summary says so; an interrupted embedding ends the stream with
    /// `CancellationError`.
    /// - Throws (through the stream): the text phase's errors (`pathNotFound`, `storeLocked`…);
    ///   then the embedder's, after `.finished` was delivered.
    public func run(_ paths: [String], options: IngestOptions, control: IngestControl = IngestControl())
        -> AsyncThrowingStream<Event, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Event.self)
        let task = Task {
            do {
                try await drive(paths, options: options, control: control, continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { termination in
            guard case .cancelled = termination else { return }
            control.cancel()
            task.cancel()
        }
        return stream
    }

    private func drive(
        _ paths: [String], options: IngestOptions, control: IngestControl,
        _ continuation: AsyncThrowingStream<Event, any Error>.Continuation
    ) async throws {
        let textPhase = TextPhase()
        let embedding = Mutex<Task<EmbeddingReport?, any Error>?>(nil)
        control.onCancel { embedding.withLock { $0?.cancel() } }
        var summary: IngestSummary?
        do {
            for try await event in IngestRunner(store: context.store).ingest(paths, options: options, control: control) {
                if case .planned = event, embedder != .none {
                    let phase = EmbeddingPhase(context: context, spec: embedder, collection: options.collection)
                    embedding.withLock { task in
                        task = task ?? Task { try await phase.run(following: textPhase, continuation) }
                    }
                }
                if case .finished(let final) = event {
                    summary = final
                    textPhase.finish()
                }
                continuation.yield(.text(event))
            }
        } catch {
            embedding.withLock { $0?.cancel() }
            throw error
        }
        textPhase.finish()
        guard let summary, !summary.interrupted, let task = embedding.withLock({ $0 }) else {
            embedding.withLock { $0?.cancel() }
            return
        }
        let report = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        context.collectionChanged(options.collection)
        if let report { continuation.yield(.embedded(report)) }
    }

    /// Whether the text phase still writes chunks: the embedding phase waits for more while it does.
    final class TextPhase: Sendable {
        private let running = Atomic(true)
        var isRunning: Bool { running.load(ordering: .acquiring) }
        func finish() { running.store(false, ordering: .releasing) }
    }
}

/// What the embedding phase of an ingest did (`codex ingest --json`'s `embedding` object).
public struct EmbeddingReport: Sendable, Equatable, Encodable {
    public var embedder: String
    public var embedded: Int
    public var total: Int
    public var seconds: Double
    /// Why nothing was embedded, when the embedder could not be loaded.
    public var skippedReason: String?
}

/// The second half of an ingest: vectors for the chunks that have none.
private struct EmbeddingPhase: Sendable {
    let context: CodexContext
    let spec: EmbedderSpec
    let collection: String

    func run(
        following textPhase: IngestFlow.TextPhase, _ events: AsyncThrowingStream<IngestFlow.Event, any Error>.Continuation
    ) async throws -> EmbeddingReport? {
        let started = ContinuousClock.now
        let store = context.store
        // Until the text phase commits a chunk without a vector there is nothing to load the
        // embedder for: a re-ingest that changed nothing never opens (or connects to) it.
        while textPhase.isRunning, try await !VectorBackfill.hasWork(collection: collection, in: store) {
            try await VectorBackfill.pause(upTo: .milliseconds(100), while: { textPhase.isRunning })
        }
        if spec == .builtin, !textPhase.isRunning,
            try await VectorBackfill.isComplete(collection: collection, for: BuiltinEmbedderFactory.identity, in: store)
        {
            return EmbeddingReport(
                embedder: BuiltinEmbedderFactory.identity.name, embedded: 0, total: try await chunks(), seconds: 0)
        }
        let embedder: any Embedder
        do {
            guard let made = try await EmbedderFactory.make(spec, settings: context.settings, logger: context.logger)
            else { return nil }
            embedder = made
        } catch let error as CodexError where spec == .builtin && error.kind == .model {
            events.yield(.embedderUnavailable(error))
            return EmbeddingReport(embedder: spec.description, embedded: 0, total: 0, seconds: 0, skippedReason: error.message)
        }
        let embedded = try await VectorBackfill(store: store, embedder: embedder).run(
            collection: collection, following: { textPhase.isRunning }
        ) { progress in
            events.yield(.embedding(progress))
        }
        return EmbeddingReport(
            embedder: embedder.identity.name, embedded: embedded, total: try await chunks(default: embedded),
            seconds: Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000)
    }

    private func chunks(default fallback: Int = 0) async throws -> Int {
        try await CollectionCatalog(store: context.store).stats(collection: collection).collections.first?.chunks
            ?? fallback
    }
}
