import CodexCore
import Testing
import CodexTestSupport

struct SSEDecoderTests {
    private func decode(_ pieces: [[UInt8]]) throws -> [SSEEvent] {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        for piece in pieces { events += try decoder.push(piece) }
        return events + decoder.finish()
    }

    @Test func readsTheOpenAIStreamTheSameWayForAnySplit() throws {
        // Given F4 (text, a comment, a usage chunk, [DONE])
        let body = try Transcript.load("openai/F4-chat-stream-usage").body
        let whole = try decode([body])
        #expect(whole.count == 6)
        #expect(whole.last?.isDone == true)
        #expect(whole[2].data.contains("lo 👋"))
        // When it is cut at 200 sets of random offsets
        for seed in UInt64(1)...200 {
            // Then the events are identical
            #expect(try decode(body.randomlySplit(into: 12, seed: seed)) == whole, "seed \(seed)")
        }
    }

    @Test func readsCRLFEventsSplitBetweenCarriageReturnAndNewline() throws {
        // Given F5 (CRLF) cut at every byte offset
        let body = try Transcript.load("openai/F5-tool-call-crlf").body
        let whole = try decode([body])
        #expect(whole.count == 5)
        for cut in 0...body.count {
            #expect(try decode([Array(body[..<cut]), Array(body[cut...])]) == whole, "cut at \(cut)")
        }
    }

    @Test func handlesFieldVariants() throws {
        // Given data without a space, multi-line data, event names, ids, retry and comments
        let text = "data:{\"a\":1}\n\n: ping\n:\nevent: message\nid: 7\nretry: 10\ndata: line1\ndata: line2\n\ndata\n\n"
        let events = try decode([Array(text.utf8)])
        // Then
        #expect(
            events == [
                SSEEvent(data: "{\"a\":1}"),
                SSEEvent(event: "message", data: "line1\nline2", id: "7"),
                SSEEvent(data: "", id: "7"),
            ])
    }

    @Test func turnsLlamaCppErrorFieldIntoAnErrorEvent() throws {
        let body = try Transcript.load("openai-compatible/F6e-llamacpp-error-field").body
        let events = try decode([body])
        #expect(events.first?.isError == true)
        #expect(events.first?.data.hasPrefix("{\"code\":400") == true)
        #expect(events.last?.isDone == true)
    }

    @Test func deliversALastEventWithoutItsBlankLine() throws {
        #expect(try decode([Array("data: {\"x\":1}".utf8)]) == [SSEEvent(data: "{\"x\":1}")])
    }
}

struct NDJSONDecoderTests {
    @Test func readsOllamaLinesTheSameWayForAnySplit() throws {
        // Given F1, whose second line holds "é" (2 bytes)
        let body = try Transcript.load("ollama/F1-chat-stream").body
        var reference = NDJSONDecoder()
        let whole = try reference.push(body) + reference.finish()
        #expect(whole.count == 3)
        #expect(whole[1].contains("é ok"))
        // When cut at every offset, then at random offsets
        for cut in 0...body.count {
            var decoder = NDJSONDecoder()
            let lines = try decoder.push(body[..<cut]) + decoder.push(body[cut...]) + decoder.finish()
            #expect(lines == whole, "cut at \(cut)")
        }
        for seed in UInt64(1)...100 {
            var decoder = NDJSONDecoder()
            var lines: [String] = []
            for piece in body.randomlySplit(into: 20, seed: seed) { lines += try decoder.push(piece) }
            #expect(lines + decoder.finish() == whole, "seed \(seed)")
        }
    }

    @Test func skipsBlankLinesAndKeepsALastLineWithoutNewline() throws {
        var decoder = NDJSONDecoder()
        let lines = try decoder.push(Array("{\"a\":1}\n\n  \r\n{\"b\":2}".utf8)) + decoder.finish()
        #expect(lines == ["{\"a\":1}", "{\"b\":2}"])
    }
}
