import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Docs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, inspect and remove indexed collections.",
            subcommands: [List.self, Stats.self, Remove.self],
            defaultSubcommand: List.self)
    }
}

extension Codex.Docs {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List collections with their sizes.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let summaries = try await CollectionCatalog(store: try global.openStore()).list()
            if global.json { return try Output.json(summaries) }
            guard !summaries.isEmpty else {
                return Output.text("No collections yet. Index a folder with: codex ingest ./docs")
            }
            var rows = [["COLLECTION", "DOCUMENTS", "CHUNKS", "VECTORS", "SIZE", "EMBEDDER"]]
            for summary in summaries {
                rows.append([
                    summary.name, "\(summary.documents)", "\(summary.chunks)", "\(summary.vectors)",
                    ByteCount.format(summary.bytes), summary.embedder ?? "none",
                ])
            }
            Output.text(Table.render(rows))
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what is indexed and how much room it takes.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this collection.") var collection: String?

        func run() async throws {
            let stats = try await CollectionCatalog(store: try global.openStore()).stats(collection: collection)
            if global.json { return try Output.json(stats) }
            let documents = stats.collections.reduce(0) { $0 + $1.documents }
            let chunks = stats.collections.reduce(0) { $0 + $1.chunks }
            let vectors = stats.collections.reduce(0) { $0 + $1.vectors }
            let bytes = stats.collections.reduce(Int64(0)) { $0 + $1.bytes }
            var lines = [
                "store:       \(stats.storePath) (\(ByteCount.format(stats.storeBytes)) on disk)",
                "collections: \(stats.collections.count)",
                "documents:   \(documents) (\(ByteCount.format(bytes)) of source files)",
                "chunks:      \(chunks)",
                "vectors:     \(vectors)",
            ]
            if !stats.kinds.isEmpty {
                let kinds = stats.kinds.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
                lines.append("kinds:       " + kinds.joined(separator: ", "))
            }
            Output.text(lines.joined(separator: "\n"))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Remove a collection from the index (your files are not touched).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The collection to remove.") var name: String

        func run() async throws {
            let removed = try await CollectionCatalog(store: try global.openStore()).remove(name)
            if global.json { return try Output.json(removed) }
            Output.text("Removed collection \"\(removed.name)\": \(removed.documents) documents, \(removed.chunks) chunks.")
        }
    }
}
