import CodexCore
import Testing

struct JSONValueTests {
    @Test func parsesEveryKindAndReadsLeniently() throws {
        // Given a body mixing types the way self-hosted servers do
        let value = try JSONValue.parse(#"{"code":401,"codeText":"401","ok":true,"none":null,"list":[1,"two"],"pi":3.5}"#)
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
