import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Long messages and long chats against a loopback llama.cpp that refuses what does not fit.
struct LongChatTests {
    struct Turn {
        var reply: AssistantReply
        var notices: [String]
    }

    static func assistant(_ database: CodexDatabase, _ llama: FakeLlamaServer, model: String? = nil) -> Assistant {
        Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: [llama.endpoint(model: model)], logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
    }

    static func send(_ assistant: Assistant, _ message: String, session: UUID? = nil, maxTokens: Int = 64) async throws
        -> Turn
    {
        var notices: [String] = []
        var final: AssistantReply?
        let request = Assistant.ChatRequest(
            message: message, session: session.map { $0.lowercasedString }, maxTokens: maxTokens)
        for try await event in assistant.chat(request) {
            switch event {
            case .notice(let text): notices.append(text)
            case .finished(let reply): final = reply
            default: break
            }
        }
        return Turn(reply: try #require(final), notices: notices)
    }

    static let needle = "FATAL: backup job nightly-7 failed: quota exceeded on vault-2"

    @Test func aPasteThreeTimesTheWindowIsReadInPartsSummarisedAndKeptWhole() async throws {
        // Given llama.cpp with a 2048-token window, and a log three times as long with no question
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let llama = try FakeLlamaServer(window: 2048) { prompt in
            prompt.contains("Below is one part") ? "Disk warnings on several hosts." : "A kernel log of disk warnings."
        }
        defer { llama.stop() }
        let log = PasteSamples.log(lines: 240)
        #expect(TokenEstimate.of(log) > 3 * 2048)

        // When it is sent as a chat message
        let turn = try await Self.send(Self.assistant(database, llama), log)

        // Then no request was refused: the parts were read one request each, then one streamed summary
        #expect(llama.chats.allSatisfy { !$0.refused && $0.tokens < 2048 })
        let parts = llama.chats.filter { !$0.stream }
        #expect(parts.count >= 3)
        #expect(llama.chats.last?.stream == true)
        #expect(llama.chats.last?.lastUserMessage.contains("Disk warnings on several hosts.") == true)
        #expect(turn.reply.answer == "A kernel log of disk warnings.")
        #expect(!turn.reply.incomplete)
        #expect(turn.notices.contains { $0.hasPrefix("reading part 1 of \(parts.count)") })
        #expect(turn.notices.contains { $0.contains("asks no question") && $0.contains("codex sessions show") })
        // And the whole paste is in the session, the reply recorded under the served model's name
        let memory = SQLiteMemoryStore(database: database)
        let stored = try await memory.messages(in: try #require(turn.reply.sessionId), after: 0, limit: nil)
        #expect(stored.first?.content == log)
        #expect(stored.last?.model == "SmolLM2-135M-Instruct.Q4_1.gguf")
        #expect(turn.reply.model == "SmolLM2-135M-Instruct.Q4_1.gguf")
        let session = try await memory.session(try #require(turn.reply.sessionId).lowercasedString)
        #expect(session.model == "SmolLM2-135M-Instruct.Q4_1.gguf")
    }

    @Test func aPasteWithAQuestionAtTheEndSendsTheLinesThatAnswerIt() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let llama = try FakeLlamaServer(window: 2048) { _ in "The nightly-7 job ran out of quota." }
        defer { llama.stop() }
        let message =
            PasteSamples.log(lines: 240, needleLine: 190, needle: Self.needle) + "\n\nWhy did the backup fail?"

        let turn = try await Self.send(Self.assistant(database, llama), message)

        // One request: the question, then the needle's part under its line numbers
        #expect(llama.chats.count == 1)
        let chat = try #require(llama.chats.first)
        #expect(!chat.refused)
        #expect(chat.lastUserMessage.hasPrefix("Why did the backup fail?"))
        #expect(chat.lastUserMessage.contains(Self.needle))
        #expect(!chat.lastUserMessage.contains("inode=\(120 * 991)"))  // far from the needle, unrelated
        #expect(turn.notices.contains { $0.contains("most relevant to your question") && $0.contains("242 lines") })
        #expect(turn.reply.answer == "The nightly-7 job ran out of quota.")
    }

    @Test func aLaterQuestionAboutAnEarlierPasteGetsItsLines() async throws {
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let llama = try FakeLlamaServer(window: 2048) { _ in "Noted." }
        defer { llama.stop() }
        let assistant = Self.assistant(database, llama)
        let first = try await Self.send(
            assistant, PasteSamples.log(lines: 240, needleLine: 33, needle: Self.needle) + "\n\nPlease keep this log.")
        let session = try #require(first.reply.sessionId)

        _ = try await Self.send(assistant, "Which backup job failed, and on which vault?", session: session)

        let last = try #require(llama.chats.last)
        #expect(!last.refused)
        #expect(last.systemPrompt.contains(Self.needle))
        #expect(last.prompt.contains("[pasted text, message 1: 242 lines"))
    }

    @Test func aServerThatCountsMoreTokensThanPlannedIsAskedOnceMoreWithItsNumbers() async throws {
        // Given a server whose tokenizer counts half again as many tokens as codex estimates
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let llama = try FakeLlamaServer(window: 2048, tokensPerEstimate: 1.5) { _ in "Answered." }
        defer { llama.stop() }
        // and a message that fits by codex's estimate but not by the server's count
        var lines = 10
        func message(_ lines: Int) -> String {
            PasteSamples.log(lines: lines, needleLine: lines - 3, needle: Self.needle) + "\n\nWhy did the backup fail?"
        }
        while TokenEstimate.of(message(lines)) * 3 / 2 < 2100 { lines += 1 }
        let message = message(lines)
        #expect(TokenEstimate.of(message) < 1800)

        let turn = try await Self.send(Self.assistant(database, llama), message)

        // Then the refusal is followed by one request planned with the server's count, which fits
        #expect(llama.chats.map(\.refused) == [true, false])
        #expect(llama.chats.last?.lastUserMessage.contains(Self.needle) == true)
        #expect(turn.reply.answer == "Answered.")
    }

    @Test func factsStatedEarlySurviveFoldingWhenTheSummaryLosesThem() async throws {
        // Given a small window and a model whose summaries forget the user's name
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let llama = try FakeLlamaServer(window: 1024) { prompt in
            prompt.contains("Update the summary") ? "The user pasted logs about disk usage." : "Noted."
        }
        defer { llama.stop() }
        let assistant = Self.assistant(database, llama)
        let first = try await Self.send(assistant, "My name is Ada. Remember it.")
        let session = try #require(first.reply.sessionId)
        var notices: [String] = []
        for turn in 1...12 {
            let text = "Turn \(turn): " + PasteSamples.log(lines: 3) + " What does this mean?"
            notices += try await Self.send(assistant, text, session: session).notices
        }

        _ = try await Self.send(assistant, "What is my name?", session: session)

        // Then older turns were folded, the summary's prose lost the name, but the prompt and the
        // stored summary carry the user's own words
        #expect(notices.contains { $0.contains("folded into a summary") })
        #expect(llama.chats.allSatisfy { !$0.refused })
        let last = try #require(llama.chats.last)
        #expect(last.systemPrompt.contains("- My name is Ada."))
        let stored = try await SQLiteMemoryStore(database: database).session(session.lowercasedString)
        #expect(stored.summary.contains("The user pasted logs about disk usage."))
        #expect(RunningSummary(stored: stored.summary).facts == ["My name is Ada."])
    }
}
