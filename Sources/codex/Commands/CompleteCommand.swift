import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Complete code read from stdin (the text before the cursor); prints only the completion.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Text after the cursor, for fill-in-the-middle.") var suffix: String?
        @Option(help: "Read the text after the cursor from this file.") var suffixFile: String?
        @Option(help: "The language, e.g. python or swift (TabbyML uses it to pick its template).") var language: String?
        @OptionGroup var modelOptions: ModelOptions

        func validate() throws {
            if suffix != nil && suffixFile != nil { throw ValidationError("Pass either --suffix or --suffix-file.") }
            if let maxTokens = modelOptions.maxTokens, maxTokens > 4096 {
                throw ValidationError("--max-tokens must be 1...4096.")
            }
        }

        func run() async throws {
            let context = try CodexContext(global, flags: modelOptions.settingFlags)
            let prefix = Chat.readStandardInput()
            let after = try suffixFile.map { path in
                do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                    throw CodexError.io("cannot read \(path)", hint: "check the path given to --suffix-file")
                }
            } ?? suffix
            let completion = try await context.gateway().complete(
                prefix: prefix, suffix: after, language: language, model: modelOptions.model,
                maxTokens: modelOptions.maxTokens ?? 128)
            if global.json { return try Output.json(completion) }
            FileHandle.standardOutput.write(Data(completion.text.utf8))
        }
    }
}
