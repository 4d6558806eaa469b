import CodexCore
import Foundation
import Synchronization

/// The second half of `codex ingest`: vectors for the chunks that have none, with a progress line.
///
/// Keyword search already works when this starts; an interrupted run resumes where it stopped.
struct EmbeddingPhase {
    let global: GlobalOptions
    let runtime: CodexRuntime

    struct Report: Encodable {
        var embedder: String
        var embedded: Int
        var total: Int
        var seconds: Double
        var skippedReason: String?
    }

    func run(spec: EmbedderSpec, collection: String) async throws -> Report? {
        let started = ContinuousClock.now
        if spec == .builtin,
            try await VectorBackfill.isComplete(
                collection: collection, for: BuiltinEmbedderFactory.identity, in: runtime.database)
        {
            let total =
                try await CollectionCatalog(database: runtime.database).stats(collection: collection)
                .collections.first?.chunks ?? 0
            return Report(embedder: BuiltinEmbedderFactory.identity.name, embedded: 0, total: total, seconds: 0)
        }
        let embedder: any Embedder
        do {
            guard let made = try await EmbedderFactory.make(spec, settings: runtime.settings, logger: runtime.logger)
            else { return nil }
            embedder = made
        } catch let error as CodexError where spec == .builtin && error.kind == .model {
            // Keyword search still works; say why semantic search will not, and how to fix it.
            Terminal.printWarning(error)
            return Report(embedder: spec.description, embedded: 0, total: 0, seconds: 0, skippedReason: error.message)
        }
        let backfill = VectorBackfill(database: runtime.database, embedder: embedder)
        let showsProgress = global.showsProgress
        let line = ProgressLine()
        let task = Task {
            try await backfill.run(collection: collection) { progress in
                if showsProgress { line.draw(progress, since: started) }
            }
        }
        let interrupts = InterruptHandler { task.cancel() }
        defer { interrupts.stop() }
        let embedded: Int
        do {
            embedded = try await task.value
        } catch is CancellationError {
            line.clear()
            throw CodexError.ingestInterrupted()
        }
        line.clear()
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let total =
            try await CollectionCatalog(database: runtime.database).stats(collection: collection)
            .collections.first?.chunks ?? embedded
        return Report(embedder: embedder.identity.name, embedded: embedded, total: total, seconds: seconds)
    }

    static func text(_ report: Report) -> String {
        if let reason = report.skippedReason { return "vectors: skipped (\(reason)); keyword search still works" }
        let rate = report.seconds > 0 ? Double(report.embedded) / report.seconds : 0
        return String(
            format: "vectors: %d chunks embedded with %@ in %.1f s (%.0f chunks/s); meaning search is complete (%d chunks)",
            report.embedded, report.embedder, report.seconds, rate, report.total)
    }
}

/// "embedding 1200/4290 chunks  85 chunks/s  ETA 0:36" on stderr, redrawn at most 10 times a second.
private final class ProgressLine: Sendable {
    private let state = Mutex<(last: ContinuousClock.Instant, drawn: Bool)>((.now - .seconds(1), false))

    func draw(_ progress: VectorBackfill.Progress, since start: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        let shouldDraw = state.withLock { state -> Bool in
            guard now - state.last >= .milliseconds(100) || progress.embedded == progress.total else { return false }
            state = (now, true)
            return true
        }
        guard shouldDraw else { return }
        let elapsed = Double((now - start).components.seconds) + Double((now - start).components.attoseconds) / 1e18
        let rate = elapsed > 0 ? Double(progress.embedded) / elapsed : 0
        let remaining = rate > 0 ? Int(Double(progress.total - progress.embedded) / rate) : 0
        Terminal.writeToStandardError(
            String(
                format: "\r\u{1B}[Kembedding %d/%d chunks  %.0f chunks/s  ETA %d:%02d", progress.embedded,
                progress.total,
                rate, remaining / 60, remaining % 60))
    }

    func clear() {
        if state.withLock({ $0.drawn }) { Terminal.writeToStandardError("\r\u{1B}[K") }
    }
}
