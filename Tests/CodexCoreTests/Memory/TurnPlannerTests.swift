import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct TurnPlannerTests {
    static let session = UUID()

    static func message(_ seq: Int, _ role: ChatRole, _ content: String) -> SessionMessage {
        SessionMessage(
            id: Int64(seq), sessionId: session, seq: seq, body: MessageBody(role: role, content: content, createdAt: Date()))
    }

    static func input(_ messages: [SessionMessage], summary: RunningSummary = .init(), through: Int = 0)
        -> TurnPlanner.Input
    {
        TurnPlanner.Input(
            system: "You are codex.", summary: summary, summarizedThrough: through, messages: messages,
            newMessage: messages.last!, sessionLabel: "abcd1234")
    }

    static let planner = TurnPlanner(assembler: ContextAssembler(contextLength: 2048, maxTokens: 64))
    static let needle = "FATAL: backup job nightly-7 failed: quota exceeded on vault-2"

    @Test func aPasteThreeTimesTheWindowWithAQuestionSendsTheRelevantLinesAndFits() throws {
        // Given a log three times the window, with the question after it
        let log = PasteSamples.log(lines: 240, needleLine: 201, needle: Self.needle)
        #expect(TokenEstimate.of(log) > 3 * 2048)
        let input = Self.input([Self.message(1, .user, log + "\n\nWhy did the backup job fail?")])

        // When the turn is planned
        let outcome = Self.planner.plan(input)

        // Then the prompt fits the window, leads with the question and quotes the needle's line
        // with its number, and the user is told what was sent and where the rest is
        #expect(outcome.needsDigest == nil)
        #expect(outcome.plan.estimatedTokens <= 2048 - 64)
        let sent = try #require(outcome.plan.messages.last?.content)
        #expect(sent.hasPrefix("Why did the backup job fail?"))
        #expect(sent.contains(Self.needle))
        #expect(sent.contains("--- lines "))
        let notice = try #require(outcome.notices.first)
        #expect(notice.contains("242 lines"))
        #expect(notice.contains("most relevant to your question"))
        #expect(notice.contains("codex sessions show abcd1234"))
    }

    @Test func aPasteWithoutAQuestionIsReadPartByPartThenSummarised() throws {
        // Given a log three times the window and nothing else
        let log = PasteSamples.log(lines: 240)
        var input = Self.input([Self.message(1, .user, log)])
        // When planned, it asks to be read part by part first
        let first = Self.planner.plan(input)
        let paste = try #require(first.needsDigest)
        #expect(paste.parts.count > 3)
        // And once the parts are summarised, the request carries their summaries and fits
        input.digest = [
            .init(lines: "lines 1-120", summary: "Disk warnings on hosts 0-6."),
            .init(lines: "lines 121-240", summary: "Usage climbs to 98%."),
        ]
        let second = Self.planner.plan(input)
        #expect(second.needsDigest == nil)
        #expect(second.plan.estimatedTokens <= 2048 - 64)
        let sent = try #require(second.plan.messages.last?.content)
        #expect(sent.contains("Lines 121-240: Usage climbs to 98%."))
        #expect(sent.contains("Summarise the whole pasted text"))
        #expect(second.notices.first?.contains("asks no question") == true)
    }

    @Test func anEarlierPasteTravelsAsAStubAndItsMatchingLinesAreQuoted() throws {
        // Given a paste two turns ago and a question about it now
        let log = PasteSamples.log(lines: 240, needleLine: 77, needle: Self.needle)
        let messages = [
            Self.message(1, .user, log), Self.message(2, .assistant, "It is a kernel log."),
            Self.message(3, .user, "Which backup job failed, and why?"),
        ]
        let outcome = Self.planner.plan(Self.input(messages))
        // Then the paste is one line in the history, the needle is quoted in the system prompt
        #expect(outcome.plan.estimatedTokens <= 2048 - 64)
        let history = outcome.plan.messages.filter { $0.role == .user }.map(\.content)
        #expect(history.first?.hasPrefix("[pasted text, message 1: 240 lines") == true)
        #expect(outcome.plan.messages.first?.content.contains(Self.needle) == true)
        #expect(outcome.notices.contains { $0.contains("message 1") })
    }

    @Test func pinnedFactsAreSentWithTheSummaryAndFoldingFindsThem() {
        // Given a summary whose prose lost the user's name, but whose facts kept it
        var summary = RunningSummary(prose: "A long log line about disk usage on host number 3.")
        summary.pin(["My name is Ada."])
        let outcome = Self.planner.plan(
            Self.input([Self.message(9, .user, "What is my name?")], summary: summary, through: 8))
        // Then the model is shown the user's own words
        #expect(outcome.plan.messages.contains { $0.role == .system && $0.content.contains("- My name is Ada.") })

        // And facts are taken from the user's messages being folded, not from pastes or replies
        let messages = [
            Self.message(1, .user, "My name is Ada. Remember it."), Self.message(2, .assistant, "My name is Zara."),
            Self.message(3, .user, PasteSamples.log(lines: 200) + "\n\nOur budget is 4,800 euros. Does this log fit?"),
        ]
        #expect(
            Self.planner.facts(folding: messages, from: messages) == ["My name is Ada.", "Our budget is 4,800 euros."])
    }

    @Test func aFoldLeavesRoomForTheNextTurns() {
        // Given a long chat whose history does not fit
        let messages = (1...80).map {
            Self.message(
                $0, $0 % 2 == 1 ? .user : .assistant,
                "Turn \($0): " + String(repeating: "words and more words ", count: 12))
        }
        let all = Self.planner.plan(Self.input(messages))
        let half = Self.planner.plan(Self.input(messages), historyShare: 0.5)
        // Then folding with half the share folds more than the bare minimum
        #expect(!all.plan.unsummarized.isEmpty)
        #expect(half.plan.unsummarized.count > all.plan.unsummarized.count)
    }
}
