import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every configured provider, whether it answers, and its models (the default marked).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this provider: ollama, tabbyml, openai-compatible, openai or azure.") var provider: String?

        func run() async throws {
            let runtime = try CodexRuntime(global, flags: provider.map { [.provider: $0] } ?? [:])
            let listed = try await runtime.gateway().listModels()
            if global.json { return try Output.json(listed) }
            Output.text(ModelsText.render(listed))
        }
    }
}
