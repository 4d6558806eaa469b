import ArgumentParser
import CodexCore
import Foundation

/// `codex ingest --json`: the text phase's summary, plus an `embedding` object.
struct IngestReport: Encodable {
    var summary: IngestSummary
    var embedding: EmbeddingReport?

    private enum Key: String, CodingKey { case embedding }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(embedding, forKey: .embedding)
    }
}

extension Codex {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index files and folders for codex ask: text, chunks with line numbers, full-text index.",
            discussion: """
                Re-running it is incremental: unchanged files are skipped, changed ones replaced, deleted ones \
                removed. Skips .git, node_modules, .build, hidden entries and whatever .gitignore files exclude. \
                Reads text, Markdown, reStructuredText, source code, CSV/TSV, JSON, HTML, DOCX, ODT, EPUB, and PDF \
                when pdftotext (poppler-utils) is installed; archives (.zip, .tar, .tar.gz, .tar.xz, .tar.zst, .7z) \
                member by member as ARCHIVE!/member, and compressed files (.gz, .bz2, .xz, .zst, .lz4) as the file \
                they hold. Ctrl-C stops between two files; run again to finish. With --watch, keeps the collection \
                up to date as files change, printing one line per change batch, until Ctrl-C.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .shortAndLong, help: "Collection to add the documents to.")
        var collection = CollectionRecord.defaultName

        @Option(name: .long, help: "Leave out paths matching this gitignore-style glob (repeatable), e.g. '*.log'.")
        var exclude: [String] = []

        @Option(name: .long, help: "Skip files larger than this size (e.g. 32M, 512K, 1G).")
        var maxFileSize = "32M"

        @Option(name: .long, help: "Chunk size in estimated MiniLM tokens (the embedder reads at most 256).")
        var chunkTokens = ChunkingOptions.defaultTokenBudget

        @Option(help: "Embedder for semantic search: builtin, ollama:MODEL, openai-compatible:MODEL or none (default: $CODEX_EMBEDDER or builtin).")
        var embedder: String?

        @Flag(name: .long, help: "Re-read and re-chunk every file, even unchanged ones (after changing --chunk-tokens).")
        var force = false

        @Flag(name: .long, help: "Skip archives and compressed files as binary instead of reading what they hold.")
        var noArchives = false

        @Flag(name: .long, help: "After ingesting, keep watching the paths and re-index changes until Ctrl-C.")
        var watch = false

        @Option(help: "How --watch notices changes.")
        var watchBackend = WatchBackend.auto

        @Argument(help: "Files and folders to ingest.")
        var paths: [String]

        func validate() throws {
            if paths.isEmpty { throw ValidationError("Give at least one file or folder to ingest.") }
            if !(32...2048).contains(chunkTokens) { throw ValidationError("--chunk-tokens must be 32...2048.") }
            if ByteCount.parse(maxFileSize) == nil { throw ValidationError("--max-file-size: write a size such as 32M.") }
            if collection.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--collection is empty.") }
        }

        func run() async throws {
            let options = IngestOptions(
                collection: collection, excludes: exclude,
                maxFileSize: ByteCount.parse(maxFileSize) ?? IngestOptions.defaultMaxFileSize,
                chunking: ChunkingOptions(tokenBudget: chunkTokens), force: force, readsPacked: !noArchives)
            let context = try CodexContext(global)
            let embedderSpec = try EmbedderSpec(parsing: embedder ?? context.settings[.embedder] ?? "builtin")
            let control = IngestControl()
            let interrupts = InterruptHandler { control.cancel() }  // Ctrl-C stops both phases
            defer { interrupts.stop() }
            let bar = ProgressLine(enabled: global.showsProgress)
            let vectors = ProgressLine(enabled: global.showsProgress)
            defer { vectors.clear() }
            var summary: IngestSummary?
            var report: EmbeddingReport?
            var embeddingStarted = ContinuousClock.now
            do {
                let flow = IngestFlow(context: context, embedder: embedderSpec)
                for try await event in flow.run(paths, options: options, control: control) {
                    switch event {
                    case .text(.planned(let progress)):
                        bar.update(progress)
                        embeddingStarted = .now
                    case .text(.progress(let progress)):
                        bar.update(progress)
                    case .text(.skipped):
                        break
                    case .text(.finished(let final)):
                        summary = final
                        bar.clear()
                        // "keyword search is ready" only when new chunks now wait for their vectors.
                        let embeddingFollows = embedderSpec != .none && final.chunks > 0
                        if !global.json {
                            Output.text(
                                IngestSummaryText.render(
                                    final, store: context.store.location, embedding: embeddingFollows, quiet: global.quiet))
                        }
                    case .embedding(let progress):
                        // The text phase draws its own bar; this line takes over once that phase has ended.
                        if summary != nil { vectors.update(progress, since: embeddingStarted) }
                    case .embedderUnavailable(let error):
                        Terminal.printWarning(error)
                    case .embedded(let final):
                        vectors.clear()
                        report = final
                    }
                }
            } catch is CancellationError {
                throw CodexError.ingestInterrupted()
            }
            guard let summary else { throw CodexError.internal("ingest ended without a summary") }
            if global.json {
                try Output.json(IngestReport(summary: summary, embedding: report))
            } else if let report {
                Output.text(IngestSummaryText.embedding(report))
            }
            if summary.interrupted { throw CodexError.ingestInterrupted() }
            if watch {
                interrupts.stop()  // from here Ctrl-C stops the watching (WatchInterrupt)
                try await follow(options: options, context: context, embedder: embedderSpec)
            }
        }

        /// `--watch`: re-index changes until Ctrl-C, one line per batch (one JSON object with --json).
        private func follow(options: IngestOptions, context: CodexContext, embedder spec: EmbedderSpec) async throws {
            var options = options
            options.force = false
            let embedder = try await EmbedderFactory.make(spec, settings: context.settings, logger: context.logger)
            let store = context.store
            let collection = collection
            let watcher = IngestWatcher(
                store: store, options: options, backend: watchBackend,
                embed: embedder.map { made -> @Sendable () async throws -> Int in
                    { try await VectorBackfill(store: store, embedder: made).run(collection: collection) }
                })
            let (json, quiet, roots) = (global.json, global.quiet, paths)
            let task = Task {
                for try await event in watcher.watch(roots) {
                    switch event {
                    case .initial(let batch):
                        guard batch.changedSomething else { break }
                        Output.text(json ? try WatchJSON.line(batch) : WatchText.line(batch))
                    case .watching(let backend, let reason):
                        if !quiet {
                            Terminal.writeToStandardError(
                                WatchText.started(roots: roots.count, backend: backend, fallbackReason: reason) + "\n")
                        }
                    case .batch(let batch):
                        Output.text(json ? try WatchJSON.line(batch) : WatchText.line(batch))
                    case .failed(let message):
                        Terminal.writeToStandardError("warning: watch: \(message)\n")
                    }
                }
            }
            _ = WatchInterrupt { task.cancel() }
            try await task.value
        }
    }
}
