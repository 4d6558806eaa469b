import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List models (from running providers and on disk) and carry them across an air gap.",
            subcommands: [List.self, Export.self, Import.self],
            defaultSubcommand: List.self)
    }
}

extension Codex.Models {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every configured provider, whether it answers, and its models (the default marked); "
                + "then the models on disk (Ollama's folder, codex's GGUF folder), found with no server running.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this provider (default: auto, every configured one).") var provider: ProviderChoice?

        /// `--json`: both lists in one object.
        struct Listing: Encodable {
            var providers: [ProviderModels]
            var onDisk: [LocalModel]
        }

        func run() async throws {
            let context = try CodexContext(global, flags: provider.map { [.provider: $0.rawValue] } ?? [:])
            let listed = try await context.gateway().listModels()
            let onDisk = LocalModels.list()
            if global.json { return try Output.json(Listing(providers: listed, onDisk: onDisk)) }
            Output.text(ModelsText.render(listed) + "\n\n" + ModelsText.render(onDisk: onDisk))
        }
    }
}
