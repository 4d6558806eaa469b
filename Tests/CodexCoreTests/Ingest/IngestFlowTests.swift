import CodexSQLite
import Foundation
import Logging
import Testing

@testable import CodexCore

/// The one ingest flow `codex ingest` and `POST /ingest` render: text phase, then vectors.
struct IngestFlowTests {
    func context(_ dir: TemporaryDirectory) throws -> CodexContext {
        for i in 0..<6 {
            _ = try dir.write("docs/page\(i).md", "# Page \(i)\n\nPage \(i) explains the signing key, part \(i).\n")
        }
        return CodexContext(
            settings: Settings(), store: try SQLiteStore.open(at: dir.path + "/codex.sqlite"),
            logger: Logger(label: "test.flow"))
    }

    func events(_ flow: IngestFlow, _ paths: [String], control: IngestControl = IngestControl()) async throws
        -> [IngestFlow.Event]
    {
        var seen: [IngestFlow.Event] = []
        for try await event in flow.run(paths, options: IngestOptions(), control: control) { seen.append(event) }
        return seen
    }

    @Test func theTextPhaseEndsBeforeTheVectorsAreReportedAndEveryChunkGetsOne() async throws {
        let dir = try TemporaryDirectory()
        let context = try context(dir)
        let seen = try await events(IngestFlow(context: context, embedder: .builtin), [dir.path + "/docs"])
        let finished = try #require(seen.firstIndex { if case .text(.finished) = $0 { true } else { false } })
        guard case .embedded(let report) = seen.last else {
            Issue.record("the last event is not the embedding report: \(String(describing: seen.last))")
            return
        }
        guard case .text(.finished(let summary)) = seen[finished] else { return }
        #expect(finished < seen.count - 1)
        #expect(summary.added == 6)
        #expect(report.embedded == summary.chunks && report.total == summary.chunks)
        #expect(try await !VectorBackfill.hasWork(collection: CollectionRecord.defaultName, in: context.store))
        // The progress the CLI draws reached the end
        let last = seen.compactMap { if case .embedding(let progress) = $0 { progress } else { nil } }.last
        #expect(last == VectorBackfill.Progress(embedded: summary.chunks, total: summary.chunks))
    }

    @Test func withEmbeddingsOffOnlyTheTextPhaseRuns() async throws {
        let dir = try TemporaryDirectory()
        let context = try context(dir)
        let seen = try await events(IngestFlow(context: context, embedder: .none), [dir.path + "/docs"])
        #expect(seen.allSatisfy { if case .text = $0 { true } else { false } })
        #expect(try await VectorBackfill.hasWork(collection: CollectionRecord.defaultName, in: context.store))
    }

    @Test func aCancelledRunReportsAnInterruptedTextPhaseAndEmbedsNothing() async throws {
        let dir = try TemporaryDirectory()
        let context = try context(dir)
        let control = IngestControl()
        control.cancel()
        let seen = try await events(IngestFlow(context: context, embedder: .builtin), [dir.path + "/docs"], control: control)
        guard case .text(.finished(let summary)) = seen.last else {
            Issue.record("expected the text phase's summary last, got \(String(describing: seen.last))")
            return
        }
        #expect(summary.interrupted)
        #expect(!seen.contains { if case .embedded = $0 { true } else { false } })
    }
}
