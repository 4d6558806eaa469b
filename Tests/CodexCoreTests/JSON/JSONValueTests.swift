import CodexCore
import Foundation
import Testing

struct JSONValueTests {
    @Test func parsesEveryKindAndReadsLeniently() throws {
        // Given a body mixing types the way self-hosted servers do
        let value = try JSONValue.parse(
            #"{"code":401,"codeText":"401","ok":true,"none":null,"list":[1,"two"],"pi":3.5}"#)
        // Then numbers and numeric strings read as either
        #expect(value["code"]?.intValue == 401)
        #expect(value["code"]?.stringValue == "401")
        #expect(value["codeText"]?.intValue == 401)
        #expect(value["ok"]?.boolValue == true)
        #expect(value["none"]?.isNull == true)
        #expect(value["list"]?[1] == "two")
        #expect(value["list"]?[5] == nil)
        #expect(value["pi"]?.doubleValue == 3.5)
        #expect(value["missing"] == nil)
        #expect(value["list"]?["key"] == nil)
    }

    @Test func writesCompactSortedJSONThatReadsBack() throws {
        let value: JSONValue = ["b": [1, 2.5, "x"], "a": ["nested": true, "nil": nil], "n": 26]
        #expect(value.jsonString == #"{"a":{"nested":true,"nil":null},"b":[1,2.5,"x"],"n":26}"#)
        #expect(try JSONValue.parse(value.jsonString) == value)
    }

    @Test func refusesTextThatIsNotJSON() {
        #expect(throws: CodexError.self) { try JSONValue.parse("404 page not found") }
    }
}

struct JSONParserTests {
    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\n\t", "\u00e9\u0041", "\ud83d\udc4b", "raw é 👋", "\ud800"]"#)
        #expect(value == ["a\"b\\c/d\n\t", "éA", "👋", "raw é 👋", "\u{FFFD}"])
    }

    @Test(arguments: [
        ("0", 0.0), ("-12", -12.0), ("3.25", 3.25), ("1e3", 1000.0), ("-2.5E-2", -0.025),
        ("123456789012345678", 123456789012345678.0), ("7365960935", 7365960935.0),
    ])
    func readsNumbers(text: String, expected: Double) throws {
        #expect(try JSONValue.parse(text) == .number(expected))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{'a':1}", "tru", "01x", "1.", "-", "\"unterminated", "\"bad \\x escape\"",
        "[1] 2", "{\"a\" 1}", "\"tab\tinside\"",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func refusesMalformedInput(text: String) {
        #expect(throws: CodexError.self) { try JSONValue.parse(text) }
    }

    @Test(arguments: [
        "ollama/F1-chat-stream", "ollama/F2-chat-tool-call", "openai/F4-chat-stream-usage", "azure/F7-filter-preamble",
        "ollama/tags", "ollama/show", "openai/chat-nonstream-tool-call", "tabby/health",
    ])
    func agreesWithFoundationOnEveryTranscriptLine(name: String) throws {
        // Given every JSON line of a transcript (SSE "data: " prefixes removed)
        let lines = try Transcript.load(name).bodyText.split(whereSeparator: \.isNewline)
            .map { $0.hasPrefix("data: ") ? String($0.dropFirst(6)) : String($0) }
            .filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty)
        for line in lines {
            // Then the fast parser and JSONDecoder read the same value
            let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
            #expect(try JSONValue.parse(line) == foundation)
        }
    }
}
