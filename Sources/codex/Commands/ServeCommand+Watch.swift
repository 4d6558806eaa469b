import CodexCore
import Foundation

extension Codex.Serve {
    /// `--watch`: keeps the default collection in step with the folders while the server runs;
    /// one line per change batch on stderr, like the server's other messages.
    static func follow(_ watch: [String], _ context: CodexContext, embedder spec: EmbedderSpec) async {
        let collection = CollectionRecord.defaultName
        let count = watch.count
        do {
            let store = context.store
            let embedder = try await EmbedderFactory.make(spec, settings: context.settings, logger: context.logger)
            let watcher = IngestWatcher(
                store: store, options: IngestOptions(collection: collection),
                embed: embedder.map { made -> @Sendable () async throws -> Int in
                    { try await VectorBackfill(store: store, embedder: made).run(collection: collection) }
                })
            for try await event in watcher.watch(watch) {
                switch event {
                case .initial(let batch), .batch(let batch):
                    context.collectionChanged(collection)
                    if batch.changedSomething { Terminal.writeToStandardError(WatchText.line(batch) + "\n") }
                case .watching(let backend, let reason):
                    Terminal.writeToStandardError(
                        "codex serve: " + WatchText.started(roots: count, backend: backend, fallbackReason: reason)
                            + "\n")
                case .failed(let message):
                    Terminal.writeToStandardError("warning: watch: \(message)\n")
                }
            }
        } catch {
            // The server keeps serving what is indexed; say why the folders stopped being followed.
            Terminal.writeToStandardError("warning: watch stopped: \((error as? CodexError)?.message ?? "\(error)")\n")
        }
    }
}
