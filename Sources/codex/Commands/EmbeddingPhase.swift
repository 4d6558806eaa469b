import CodexCore
import Foundation
import Synchronization

/// The second half of `codex ingest`: vectors for the chunks that have none, with a progress line.
///
/// It starts as soon as the text phase has planned its work and embeds chunks as that phase
/// commits them, so the two overlap; keyword search works throughout, and an interrupted run
/// resumes where it stopped. The caller cancels the task it runs in on Ctrl-C.
struct EmbeddingPhase {
    let global: GlobalOptions
    let context: CodexContext

    struct Report: Encodable {
        var embedder: String
        var embedded: Int
        var total: Int
        var seconds: Double
        var skippedReason: String?
    }

    /// Whether the text phase still writes chunks, set by the ingest command when it ends.
    final class TextPhase: Sendable {
        private let running = Atomic(true)
        var isRunning: Bool { running.load(ordering: .acquiring) }
        func finish() { running.store(false, ordering: .releasing) }
    }

    func run(spec: EmbedderSpec, collection: String, following textPhase: TextPhase) async throws -> Report? {
        guard spec != .none else { return nil }
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
            let total =
                try await CollectionCatalog(store: store).stats(collection: collection).collections.first?.chunks
                ?? 0
            return Report(embedder: BuiltinEmbedderFactory.identity.name, embedded: 0, total: total, seconds: 0)
        }
        let embedder: any Embedder
        do {
            guard let made = try await EmbedderFactory.make(spec, settings: context.settings, logger: context.logger)
            else { return nil }
            embedder = made
        } catch let error as CodexError where spec == .builtin && error.kind == .model {
            // Keyword search still works; say why semantic search will not, and how to fix it.
            Terminal.printWarning(error)
            return Report(embedder: spec.description, embedded: 0, total: 0, seconds: 0, skippedReason: error.message)
        }
        let line = ProgressLine(enabled: global.showsProgress)
        defer { line.clear() }
        // The text phase draws its own bar; this line takes over once that phase has ended.
        let embedded = try await VectorBackfill(store: store, embedder: embedder).run(
            collection: collection, following: { textPhase.isRunning }
        ) { progress in
            if !textPhase.isRunning { line.update(progress, since: started) }
        }
        let total =
            try await CollectionCatalog(store: store).stats(collection: collection).collections.first?.chunks
            ?? embedded
        return Report(
            embedder: embedder.identity.name, embedded: embedded, total: total,
            seconds: Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000)
    }

    static func text(_ report: Report) -> String {
        if let reason = report.skippedReason { return "vectors: skipped (\(reason)); keyword search still works" }
        let rate = report.seconds > 0 ? Double(report.embedded) / report.seconds : 0
        return String(
            format: "vectors: %d chunks embedded with %@ in %.1f s (%.0f chunks/s); meaning search is complete (%d chunks)",
            report.embedded, report.embedder, report.seconds, rate, report.total)
    }
}
