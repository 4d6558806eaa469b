import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Ask: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a question from your documents, citing file:lines.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Search only this collection (default: all).")
        var collection: String?

        @Option(name: .customLong("top-k"), help: "Passages to retrieve.")
        var topK = 6

        @Argument(help: "The question.")
        var question: String

        func validate() throws {
            guard (1...50).contains(topK) else { throw ValidationError("--top-k must be between 1 and 50.") }
        }

        func run() async throws {
            let questions = DocumentQuestions(database: try global.openDatabase())
            let answer = try await questions.extractiveAnswer(
                to: question, scope: SearchScope(collection: collection), top: topK)
            if global.json {
                try Output.json(answer)
            } else {
                Output.text(AnswerRenderer.text(answer))
                if let hint = answer.hint, !global.quiet { Terminal.writeToStandardError("hint: \(hint)\n") }
            }
        }
    }
}
