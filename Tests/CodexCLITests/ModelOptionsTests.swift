import ArgumentParser
import CodexCore
import Testing

@testable import codex

/// --model, --provider and --max-tokens are one option group, read the same way by ask, chat and complete.
struct ModelOptionsTests {
    @Test func everyModelCommandTakesTheSameOptions() throws {
        let options = ["--model", "smollm2", "--provider", "openai-compatible", "--max-tokens", "64"]
        let ask = try Codex.Ask.parse(["a question"] + options).modelOptions
        let chat = try Codex.Chat.parse(options).modelOptions
        let complete = try Codex.Complete.parse(options).modelOptions
        for parsed in [ask, chat, complete] {
            #expect(parsed.model == "smollm2")
            #expect(parsed.provider == .openAICompatible)
            #expect(parsed.maxTokens == 64)
            #expect(parsed.settingFlags == [.provider: "openai-compatible"])
        }
    }

    @Test func anUnknownProviderIsRefusedWithTheChoices() {
        #expect {
            try Codex.Ask.parse(["a question", "--provider", "olama"])
        } throws: { error in
            let message = Codex.Ask.message(for: error)
            return message.contains("olama") && message.contains("openai-compatible")
        }
    }

    @Test func tooFewTokensAreRefused() {
        #expect(throws: (any Error).self) { try Codex.Chat.parse(["--max-tokens", "0"]) }
        #expect(throws: (any Error).self) { try Codex.Complete.parse(["--max-tokens", "5000"]) }
    }

    @Test func dashMIsTheMessageAndNeverTheModel() throws {
        #expect(try Codex.Chat.parse(["-m", "hello"]).message == "hello")
        #expect(throws: (any Error).self) { try Codex.Ask.parse(["a question", "-m", "llama3.2"]) }
    }
}
