import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index files and folders for codex ask: text, chunks with line numbers, full-text index.",
            discussion: """
                Re-running it is incremental: unchanged files are skipped, changed ones replaced, deleted ones \
                removed. Skips .git, node_modules, .build, hidden entries and whatever .gitignore files exclude. \
                Reads text, Markdown, reStructuredText, source code, CSV/TSV, JSON, HTML, DOCX, ODT, EPUB, and PDF \
                when pdftotext (poppler-utils) is installed. Ctrl-C stops between two files; run again to finish.
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

        @Flag(name: .long, help: "Re-read and re-chunk every file, even unchanged ones (after changing --chunk-tokens).")
        var force = false

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
                chunking: ChunkingOptions(tokenBudget: chunkTokens), force: force)
            let database = try global.openDatabase()
            let control = IngestControl()
            let interrupts = InterruptHandler { control.cancel() }
            defer { interrupts.stop() }
            var bar = global.showsProgress ? IngestProgressBar() : nil
            var summary: IngestSummary?
            for try await event in IngestRunner(database: database).ingest(paths, options: options, control: control) {
                switch event {
                case .planned(let progress), .progress(let progress):
                    bar?.draw(progress)
                case .skipped:
                    break
                case .finished(let final):
                    summary = final
                }
            }
            bar?.clear()
            // Seam for the embedding phase: embed `ChunkRecord.fetchWithoutVector` batches here.
            guard let summary else { throw CodexError.internal("ingest ended without a summary") }
            if global.json {
                try Output.json(summary)
            } else {
                Output.text(IngestSummaryText.render(summary, store: database.path))
            }
            if summary.interrupted { throw CodexError.ingestInterrupted() }
        }
    }
}
