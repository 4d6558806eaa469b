import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct JSONSchemaValidatorTests {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "path": ["type": "string"],
            "top": ["type": "integer", "minimum": 1, "maximum": 20],
            "mode": ["type": "string", "enum": ["fast", "exact"]],
            "tags": ["type": "array", "items": ["type": "string"]],
            "verbose": ["type": "boolean"],
        ],
        "required": ["path"],
        "additionalProperties": false,
    ]

    @Test func validArgumentsHaveNoProblems() {
        let arguments: JSONValue = ["path": "a.csv", "top": 3, "mode": "fast", "tags": ["x"], "verbose": true]
        #expect(JSONSchemaValidator.problems(in: arguments, against: schema).isEmpty)
    }

    @Test func eachMistakeIsNamedPrecisely() {
        // Given arguments wrong in every way the schema can tell
        let arguments: JSONValue = ["top": 2.5, "mode": "slow", "tags": ["x", 3], "verbose": "yes", "colour": "red"]

        // When validated
        let problems = JSONSchemaValidator.problems(in: arguments, against: schema)

        // Then each argument and what is wrong with it is named, so a model can correct the call
        #expect(problems.contains("argument `path` is required"))
        #expect(problems.contains("argument `top` must be an integer (got a number)"))
        #expect(problems.contains(#"argument `mode` must be one of "fast", "exact" (got "slow")"#))
        #expect(problems.contains("argument `tags[1]` must be a string (got an integer)"))
        #expect(problems.contains("argument `verbose` must be a boolean (got a string)"))
        #expect(problems.contains { $0.hasPrefix("argument `colour` is not accepted") })
        #expect(problems.count == 6)
    }

    @Test func boundsAndTypesOfTheWholeValue() {
        #expect(
            JSONSchemaValidator.problems(in: ["path": 5], against: schema) == [
                "argument `path` must be a string (got an integer)"
            ])
        #expect(
            JSONSchemaValidator.problems(in: ["path": "a", "top": 0], against: schema) == [
                "argument `top` must be at least 1 (got 0)"
            ])
        #expect(
            JSONSchemaValidator.problems(in: ["path": "a", "top": 21], against: schema) == [
                "argument `top` must be at most 20 (got 21)"
            ])
        #expect(
            JSONSchemaValidator.problems(in: ["a", "b"], against: schema) == [
                "the arguments must be an object (got an array)"
            ])
    }

    @Test func aBadCallComesBackToTheModelAsAnErrorResultNotAThrow() async throws {
        // Given the registry with the built-ins
        let dir = try TemporaryDirectory()
        let registry = ToolRegistry(
            tools: ToolRegistry.builtins,
            context: ToolContext(roots: AllowedRoots([dir.path], workingDirectory: dir.path)))

        // When the model sends broken JSON, a wrong type, and an unknown tool
        let broken = await registry.run(ToolCall(name: "read_file", arguments: #"{"path": "a.txt""#))
        let wrongType = await registry.run(ToolCall(name: "read_file", arguments: #"{"path": 7}"#))
        let unknown = await registry.run(ToolCall(name: "rm_rf", arguments: "{}"))

        // Then each is an error result that says what to fix
        #expect(broken.isError && broken.output.text.contains("not valid JSON"))
        #expect(wrongType.isError && wrongType.output.text.contains("argument `path` must be a string"))
        #expect(unknown.isError && unknown.output.text.contains("no tool named `rm_rf`"))
        #expect(unknown.output.text.contains("read_file"))
    }
}
