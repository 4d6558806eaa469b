import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct PluginToolTests {
    /// Writes an executable shell script into `dir/plugins`.
    @discardableResult
    func plugin(_ dir: TemporaryDirectory, _ name: String, _ script: String) throws -> String {
        let path = try dir.write("plugins/\(name)", "#!/bin/sh\n" + script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    let describeUpper = #"""
        if [ "$1" = "--describe" ]; then
          echo '{"name":"upper","description":"Upper-cases text.","parameters":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}'
          exit 0
        fi
        """#

    func registry(_ dir: TemporaryDirectory) async -> (ToolRegistry, [String]) {
        let limits = ToolLimits()
        let context = ToolContext(
            roots: AllowedRoots([dir.path], workingDirectory: dir.path), workingDirectory: dir.path, limits: limits)
        return await ToolRegistry.standard(context: context, pluginsDirectory: dir.path + "/plugins")
    }

    @Test func aPluginDescribesItselfAndAnswersJSON() async throws {
        // Given a plugin that upper-cases the `text` it reads on stdin
        let dir = try TemporaryDirectory()
        try plugin(
            dir, "upper",
            describeUpper + "\n" + #"""
                input=$(cat)
                text=$(printf '%s' "$input" | sed 's/.*"text":"\([^"]*\)".*/\1/' | tr a-z A-Z)
                printf '{"text":"%s","data":{"length":%d}}' "$text" ${#text}
                """#)

        // When the registry loads plugins and the model calls it (and once with a bad argument)
        let (registry, problems) = await registry(dir)
        let result = await registry.run(ToolCall(name: "upper", arguments: #"{"text":"hello"}"#))
        let invalid = await registry.run(ToolCall(name: "upper", arguments: #"{"text":1}"#))

        // Then it is offered with its schema, answers, and bad arguments never reach it
        #expect(problems.isEmpty)
        let spec = try #require(registry.specs.first { $0.name == "upper" })
        #expect(spec.description == "Upper-cases text.")
        #expect(spec.parameters["required"] == ["text"])
        #expect(!result.isError)
        #expect(result.output.text == "HELLO")
        #expect(result.output.data?["length"]?.intValue == 5)
        #expect(invalid.isError && invalid.output.text.contains("argument `text` must be a string"))
    }

    @Test func aPluginThatIgnoresALargeInputDoesNotTakeCodexDown() async throws {
        // Given a plugin that answers without reading its stdin, and arguments larger than a pipe buffer
        let dir = try TemporaryDirectory()
        try plugin(
            dir, "deaf",
            describeUpper.replacingOccurrences(of: #""name":"upper""#, with: #""name":"deaf""#)
                + "\necho '{\"text\":\"ok\"}'\n")
        let (registry, _) = await registry(dir)
        let big = String(repeating: "x", count: 1 << 20)

        // When it is called
        let result = await registry.run(
            ToolCall(name: "deaf", arguments: JSONValue.object(["text": .string(big)]).jsonString))

        // Then its answer comes back (the write to its closed stdin fails quietly)
        #expect(result.output.text == "ok")
    }

    @Test(arguments: [
        (printed: #"echo '{"text":"hi","data":[1]}'"#, text: "hi", data: "[1]"),
        (printed: #"echo '{"temperature":21,"unit":"C"}'"#, text: #"{"temperature":21,"unit":"C"}"#,
         data: #"{"temperature":21,"unit":"C"}"#),
        (printed: "echo '[1,2]'", text: "[1,2]", data: "[1,2]"),
        (printed: #"echo '"quoted"'"#, text: "quoted", data: nil),
        (printed: "printf 'plain words\nover two lines\n'", text: "plain words\nover two lines", data: nil),
    ])
    func anyJSONOrPlainTextIsAnAnswer(printed: String, text: String, data: String?) async throws {
        // Given a plugin that answers in one of the shapes other tool hosts accept
        let dir = try TemporaryDirectory()
        try plugin(dir, "shape", describeUpper.replacingOccurrences(of: #""name":"upper""#, with: #""name":"shape""#) + "\n" + printed + "\n")
        let (registry, _) = await registry(dir)
        // When it is called
        let result = await registry.run(ToolCall(name: "shape", arguments: #"{"text":"x"}"#))
        // Then the model gets the text, and JSON other than text is kept as data
        #expect(!result.isError)
        #expect(result.output.text == text)
        #expect(result.output.data?.jsonString == data)
    }

    @Test func binaryEmptySlowAndFailingPluginsAreRefusedCleanly() async throws {
        // Given plugins that print binary or nothing, hang, or fail on a call, and one that cannot describe itself
        let dir = try TemporaryDirectory()
        for (name, body) in [
            ("binary", "printf 'a\\000b'"), ("empty", "true"), ("slow", "sleep 60"), ("failing", "echo boom >&2; exit 3"),
        ] {
            try plugin(
                dir, name,
                describeUpper.replacingOccurrences(of: #""name":"upper""#, with: #""name":"\#(name)""#) + "\n" + body
                    + "\n")
        }
        try plugin(dir, "mute", "echo hello\n")

        // When they are loaded, and called (the slow one with a short timeout)
        let (registry, problems) = await registry(dir)
        let binary = await registry.run(ToolCall(name: "binary", arguments: #"{"text":"x"}"#))
        let empty = await registry.run(ToolCall(name: "empty", arguments: #"{"text":"x"}"#))
        let failing = await registry.run(ToolCall(name: "failing", arguments: #"{"text":"x"}"#))
        var slowPlugin = try #require(registry.tool(named: "slow") as? PluginTool)
        slowPlugin.limits.processTimeout = .milliseconds(300)
        let slow = await ToolRegistry(tools: [slowPlugin], context: registry.context)
            .run(ToolCall(name: "slow", arguments: #"{"text":"x"}"#))

        // Then each failure is an error result saying what went wrong, and the mute one is reported
        #expect(binary.isError && binary.output.text.contains("printed binary output"))
        #expect(empty.isError && empty.output.text.contains("printed nothing"))
        #expect(slow.isError && slow.output.text.contains("did not finish"))
        #expect(
            failing.isError && failing.output.text.contains("exit status 3") && failing.output.text.contains("boom"))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("did not print a JSON description") == true)
        #expect(registry.tool(named: "mute") == nil)
    }
}
