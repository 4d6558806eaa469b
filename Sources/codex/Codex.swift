import ArgumentParser
import CodexCore
import Foundation

@main
struct Codex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codex",
        abstract: "A local-model-first assistant: ask your documents, chat, and serve it all on localhost.",
        version: CodexVersion.current,
        subcommands: [
            Ingest.self, Ask.self, Search.self, Chat.self, Sessions.self, Models.self, Complete.self, Doctor.self,
            Docs.self, Export.self, Import.self, Tools.self, Serve.self,
        ]
    )

    /// Runs the command; a `CodexError` becomes `error:`/`hint:` lines on stderr and a non-zero exit.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CodexError {
            Terminal.printError(error)
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
