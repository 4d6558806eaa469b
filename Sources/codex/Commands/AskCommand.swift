import ArgumentParser
import CodexCore
import Foundation

extension HybridRetriever.Mode: ExpressibleByArgument {}

extension Codex {
    struct Ask: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a question from your documents, citing file:lines.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Search only this collection (default: all).")
        var collection: String?

        @Option(name: .customLong("top-k"), help: "Passages to retrieve.")
        var topK = 6

        @Option(help: "Search only files whose path matches this glob, e.g. 'ops/*.md'.")
        var path: String?

        @Option(help: "How to search: hybrid (keywords and meaning), keyword, or semantic.")
        var retrieval: HybridRetriever.Mode = .hybrid

        @Flag(help: "Quote the best passages instead of asking a model.")
        var noGenerate = false

        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "Keep the exchange in this session (id or prefix), or 'new' for a new one.")
        var session: String?

        @Flag(help: "Let the model reorder the top passages before it answers (one more model call; off by default).")
        var rerank = false

        @Argument(help: "The question.")
        var question: String

        func validate() throws {
            guard (1...50).contains(topK) else { throw ValidationError("--top-k must be between 1 and 50.") }
        }

        func run() async throws {
            let context = try CodexContext(global, flags: modelOptions.settingFlags)
            let request = Assistant.AskRequest(
                question: question, scope: SearchScope(collection: collection, pathGlob: path), top: topK,
                retrieval: retrieval, model: modelOptions.model, generate: !noGenerate, session: session,
                maxTokens: modelOptions.maxTokens, rerank: rerank)
            let events = noGenerate
                ? try context.assistantWithoutModels(collection: collection).ask(request)
                : try context.assistant(collection: collection).ask(request)
            try await ReplyPrinter(global: global).print(events)
        }
    }
}

extension CodexContext {
    /// For answers that never reach a model: skips building the provider catalog.
    func assistantWithoutModels(collection: String?) throws -> Assistant {
        Assistant(
            store: store, memory: store.memory,
            gateway: Gateway(endpoints: [], logger: logger), questions: try questions(collection: collection), logger: logger)
    }
}
