import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// mcp.json in the shape other clients use, tool names every provider accepts, and results read
/// the way the model should see them.
struct MCPConfigurationTests {
    @Test func theCommonMcpServersShapeIsReadWithCodexsOwnKeys() throws {
        // Given a file copied from another client, with codex's own keys on one server
        let document = try JSONValue.parse(
            #"""
            {"mcpServers": {
              "time": {"command": "uvx", "args": ["mcp-server-time", "--local-timezone=UTC"], "env": {"TZ": "UTC"},
                       "autoApprove": ["get_current_time"]},
              "files": {"type": "stdio", "command": "/opt/fs/server", "cwd": "/srv", "offline": true,
                        "startup_timeout_sec": 5, "tool_timeout_sec": 0.5, "disabled": true}
            }}
            """#)

        // When it is read
        let configuration = MCPConfiguration.parse(document, path: "mcp.json")

        // Then both servers are there, sorted by name, unknown keys ignored
        #expect(configuration.problems.isEmpty)
        #expect(configuration.servers.map(\.name) == ["files", "time"])
        let time = configuration.servers[1]
        #expect(time.command == "uvx" && time.arguments == ["mcp-server-time", "--local-timezone=UTC"])
        #expect(time.environment == ["TZ": "UTC"] && !time.offline && !time.disabled)
        #expect(time.toolTimeout == MCPServerConfig.defaultToolTimeout)
        let files = configuration.servers[0]
        #expect(files.directory == "/srv" && files.offline && files.disabled)
        #expect(files.startupTimeout == .seconds(5) && files.toolTimeout == .milliseconds(500))
    }

    @Test func aBrokenEntryIsAProblemAndTheOthersStillLoad() throws {
        // Given one good server among entries codex cannot use
        let document = try JSONValue.parse(
            #"""
            {"mcpServers": {
              "good": {"command": "good-server"},
              "remote": {"url": "https://example.invalid/mcp"},
              "sse": {"type": "sse", "command": "x"},
              "nocommand": {"args": ["a"]},
              "badargs": {"command": "x", "args": "a b"},
              "badenv": {"command": "x", "env": {"N": [1]}},
              "badtime": {"command": "x", "tool_timeout_sec": -1},
              "bad.name": {"command": "x"}, "bad_name": {"command": "y"}
            }}
            """#)

        // When it is read
        let configuration = MCPConfiguration.parse(document, path: "/h/mcp.json")

        // Then each problem names its server and what to fix
        #expect(configuration.servers.map(\.name) == ["bad.name", "good"])
        let problems = configuration.problems.joined(separator: "\n")
        #expect(problems.contains("`remote` is a remote (URL) server; codex starts stdio servers only"))
        #expect(problems.contains("`sse` uses the sse transport"))
        #expect(problems.contains("`nocommand` has no `command`"))
        #expect(problems.contains("`badargs`: `args` must be a list of strings"))
        #expect(problems.contains("`badenv`: `env.N` must be a string"))
        #expect(problems.contains("`badtime`: `tool_timeout_sec` must be a number of seconds"))
        #expect(problems.contains("`bad_name` and `bad.name` give the same tool prefix `bad_name__`"))
        #expect(configuration.problems.allSatisfy { $0.hasPrefix("/h/mcp.json: ") })
    }

    @Test func aMissingFileIsNoServersAndABrokenOneIsOneProblem() throws {
        let dir = try TemporaryDirectory()
        #expect(
            MCPConfiguration.load(path: dir.path + "/mcp.json")
                == MCPConfiguration(path: dir.path + "/mcp.json", servers: []))
        try dir.write("mcp.json", "{\"mcpServers\": {\"a\": ")
        #expect(
            MCPConfiguration.load(path: dir.path + "/mcp.json").problems == ["\(dir.path)/mcp.json is not valid JSON"])
        try dir.write("mcp.json", "{\"servers\": {}}")
        #expect(MCPConfiguration.load(path: dir.path + "/mcp.json").problems.first?.contains("no `mcpServers`") == true)
    }

    @Test(arguments: [
        ("time", "get_current_time", "time__get_current_time"),
        ("github.com/acme", "issues.list", "github_com_acme__issues_list"),
        ("my server", "do it", "my_server__do_it"),
        ("café", "naïve", "caf___na_ve"),
    ])
    func toolNamesFitOpenAIsFunctionNameRule(server: String, tool: String, expected: String) {
        let name = MCPToolName.exposed(server: server, tool: tool)
        #expect(name == expected)
        #expect(name.wholeMatch(of: /[a-zA-Z0-9_-]{1,64}/) != nil)
    }

    @Test func longAndClashingNamesAreShortenedWithAStableSuffix() {
        // Given a 128-character tool name (the MCP maximum) and two names that sanitise alike
        let long = String(repeating: "very_long_tool_name.", count: 7).prefix(128)
        let first = MCPToolName.exposed(server: "a-rather-long-server-name-indeed", tool: String(long))
        let dotted = MCPToolName.exposed(server: "s", tool: "a.b")
        let clash = MCPToolName.exposed(server: "s", tool: "a_b", taken: [dotted])

        // Then every name fits the rule, and the same input always gives the same name
        for name in [first, dotted, clash] { #expect(name.wholeMatch(of: /[a-zA-Z0-9_-]{1,64}/) != nil, "\(name)") }
        #expect(first == MCPToolName.exposed(server: "a-rather-long-server-name-indeed", tool: String(long)))
        #expect(dotted == "s__a_b")
        #expect(clash != dotted && clash.hasPrefix("s__a_b_"))
    }

    @Test func codexGoesOnInAnOlderRevisionItKnowsAndRefusesOthers() {
        #expect(MCPProtocol.latest == "2025-11-25")
        #expect(MCPProtocol.agreed(serverAnswer: "2025-06-18") == "2025-06-18")
        #expect(MCPProtocol.agreed(serverAnswer: "2024-11-05") == "2024-11-05")
        #expect(MCPProtocol.agreed(serverAnswer: "2026-07-28") == nil)
        #expect(MCPProtocol.agreed(serverAnswer: nil) == nil)
    }

    @Test func resultsGiveTheModelTextAndProgramsTheStructuredContent() throws {
        // Given a result with every kind of content block, and one with only structured content
        let mixed = MCPCallResult(
            try JSONValue.parse(
                #"""
                {"content": [{"type": "text", "text": "line one"},
                             {"type": "image", "data": "aGVsbG8gd29ybGQh", "mimeType": "image/png"},
                             {"type": "resource_link", "uri": "file:///a.txt", "name": "a.txt"},
                             {"type": "resource", "resource": {"uri": "file:///b.txt", "text": "inline text"}},
                             {"type": "resource", "resource": {"uri": "file:///c.bin", "blob": "AAAA", "mimeType": "application/zip"}}],
                 "isError": true}
                """#))
        let structured = MCPCallResult(try JSONValue.parse(#"{"content": [], "structuredContent": {"sum": 5}}"#))

        // Then media are named, not inlined, and structured content stands in for missing text
        #expect(
            mixed.text
                == "line one\n[image: image/png, about 12 bytes]\n[resource: file:///a.txt (a.txt)]\ninline text\n"
                + "[resource: file:///c.bin, application/zip]")
        #expect(mixed.isError && mixed.structured == nil)
        #expect(structured.text == #"{"sum":5}"# && structured.structured == ["sum": 5] && !structured.isError)
    }
}
