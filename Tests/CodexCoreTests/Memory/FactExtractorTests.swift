import Testing

@testable import CodexCore
@testable import CodexSQLite

struct FactExtractorTests {
    @Test(arguments: [
        "My name is Ada Lovelace.",
        "I live in Lyon, near the river.",
        "Our deploy window is Tuesdays at 14:00.",
        "The staging server is called kestrel-7.",
        "We decided to keep the audit log in PostgreSQL 15.",
        "My budget for this project is 4,800 euros.",
        "I prefer answers as short bullet lists.",
        "Remember that the ticket number is INC-40213.",
        "Our team has 7 engineers.",
        "Call me Ada.",
    ])
    func aStatedFactIsPinned(sentence: String) {
        #expect(FactExtractor.facts(in: sentence) == [sentence])
    }

    @Test(arguments: [
        "Thanks, that helps.",
        "What is my name?",
        "I see.",
        "Ok",
        "Can you explain the second error in more detail?",
        "That makes sense, go on.",
    ])
    func chitChatAndQuestionsAreNotPinned(sentence: String) {
        #expect(FactExtractor.facts(in: sentence).isEmpty)
    }

    @Test func onlyTheFactsOfAMixedMessageArePinnedVerbatim() {
        let message = "Thanks! By the way, my dog is called Pixel. What should I name the cat? I see."
        #expect(FactExtractor.facts(in: message) == ["By the way, my dog is called Pixel."])
    }

    @Test func factsSurviveTheStoredSummaryRoundTrip() {
        var summary = RunningSummary(prose: "They talked about disk usage.")
        summary.pin(["My name is Ada.", "I live in Lyon."])
        summary.pin(["my name is ada."])  // the same fact again
        let stored = RunningSummary(stored: summary.text)
        #expect(stored == summary)
        #expect(stored.facts == ["My name is Ada.", "I live in Lyon."])
        #expect(stored.promptText.contains("- My name is Ada."))
        // A summary written before facts were pinned reads as prose.
        #expect(RunningSummary(stored: "An old summary.") == RunningSummary(prose: "An old summary."))
    }

    @Test func aSummaryTooLongForItsRoomKeepsTheFactsAndShortensTheProse() {
        var summary = RunningSummary(prose: String(repeating: "The user pasted logs about disk usage. ", count: 50))
        summary.pin(["My name is Ada.", "I live in Lyon."])
        let fitted = summary.fitted(to: 80)
        #expect(TokenEstimate.of(fitted.promptText) <= 80)
        #expect(fitted.facts == summary.facts)
        #expect(fitted.prose.count < summary.prose.count)
    }
}
