import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find where something is written: ranked passages with file:lines, heading and score.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Search only this collection (default: all).")
        var collection: String?

        @Option(help: "Passages to show.")
        var top = 10

        @Option(help: "Search only files whose path matches this glob, e.g. 'ops/*.md'.")
        var path: String?

        @Option(help: "How to search: hybrid (keywords and meaning), keyword, or semantic.")
        var retrieval: HybridRetriever.Mode = .hybrid

        @Argument(help: "What to look for.")
        var query: String

        func validate() throws {
            guard (1...100).contains(top) else { throw ValidationError("--top must be between 1 and 100.") }
        }

        func run() async throws {
            let context = try CodexContext(global)
            let result = try await context.questions(collection: collection).search(
                query, scope: SearchScope(collection: collection, pathGlob: path), top: top, mode: retrieval)
            if global.json { return try Output.json(result) }
            guard !result.passages.isEmpty else {
                return Output.text("No passage matches. Try other words, or see what is indexed with `codex docs list`.")
            }
            var lines: [String] = []
            for passage in result.passages {
                let heading = passage.heading.isEmpty ? "" : "  (\(passage.heading))"
                lines.append(
                    "\(passage.rank). \(passage.citation.displayed())\(heading)  "
                        + String(format: "%.4f", passage.score))
                lines.append(contentsOf: passage.preview.split(separator: "\n").map { "   " + $0 })
            }
            Output.text(lines.joined(separator: "\n"))
        }
    }
}
