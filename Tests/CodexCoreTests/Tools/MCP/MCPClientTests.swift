import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// The protocol's edges, against a hand-written server (Tests/Fixtures/mcp/raw_server.py, plain
/// Python) that pages, pings, speaks old or unknown revisions, stays silent or prints banners.
@Suite(.enabled(if: MCPFixtures.systemPython != nil, "python3 is needed for the raw MCP fixture"))
struct MCPClientTests {
    @Test func toolsListedOverSeveralPagesAreOfferedUnderSafeNames() async throws {
        // Given a server that lists one tool per page, one with a dotted name and one without a schema
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("paged"))

        // When its tools are listed and one is called
        let (tools, problems) = await pool.tools()
        let registry = ToolRegistry(tools: tools, context: MCPFixtures.context())
        let result = await registry.run(ToolCall(name: "raw__second_dotted", arguments: "{}"))
        await pool.shutdown()

        // Then all three pages were read, names fit every provider, and the call used the server's name
        #expect(problems.isEmpty)
        #expect(tools.map(\.name) == ["raw__first", "raw__second_dotted", "raw__third"])
        #expect(tools.map(\.toolName) == ["first", "second.dotted", "third"])
        #expect(tools[2].parameters == ["type": "object", "properties": [:]])
        #expect(!result.isError)
        #expect(
            result.output.text
                == "called second.dotted\n[image: image/png, about 6 bytes]\n[resource: file:///tmp/x.txt (x.txt)]")
    }

    @Test func anOlderRevisionIsSpokenAndAnUnknownOneRefused() async throws {
        // Given a server on 2024-11-05 and one on a revision codex does not know
        let pool = MCPFixtures.pool(
            MCPFixtures.rawServer("old", name: "old"), MCPFixtures.rawServer("future", name: "new"))

        // When both are checked
        let status = await pool.status()
        await pool.shutdown()

        // Then the old one works in its revision and the unknown one is refused, saying why
        #expect(status.map(\.name) == ["old", "new"])
        #expect(status.map(\.state) == [.ready, .failed])
        #expect(status[0].protocolVersion == "2024-11-05" && status[0].tools.count == 3)
        #expect(status[1].detail?.contains("speaks MCP protocol 2099-01-01; codex speaks 2025-11-25") == true)
    }

    @Test func aServerThatNeverAnswersIsStoppedAtTheStartupLimit() async throws {
        // Given a server that never answers initialize, with a 1 s start-up limit
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("silent", name: "mute", startupTimeout: .seconds(1)))

        // When its tools are asked for
        let started = ContinuousClock.now
        let (tools, problems) = await pool.tools()
        let waited = ContinuousClock.now - started

        // Then the answer is a clear problem within the limit (plus process start), and nothing is left running
        #expect(tools.isEmpty)
        #expect(problems == ["MCP server `mute` did not answer initialize within 1 s and was stopped"])
        // (A silent server would otherwise hang the call for ever, so any bound shows the limit
        // works; it is loose because other suites of a parallel run block the cooperative pool's
        // two threads for seconds at a time. Alone this takes about 1.1 s.)
        #expect(waited < .seconds(60))
        try await Task.sleep(for: .milliseconds(200))
        #expect(MCPFixtures.processes(with: ["raw_server.py", "silent"]).isEmpty)
    }

    @Test func aBannerOnStdoutIsReportedNotParsed() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("banner", name: "loud"))
        let (_, problems) = await pool.tools()
        #expect(
            problems.first?.hasPrefix(
                "MCP server `loud` wrote something that is not JSON-RPC on stdout: \"Starting the best MCP server")
                == true)
    }

    @Test func garbageInAnswerToACallBreaksTheConnectionAndTheNextCallRestartsIt() async throws {
        // Given a server that answers tools/call with a line that is not JSON-RPC
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("garbage", name: "messy"))
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())
        let pid = try await pool.session("messy").connection.pid

        // When a tool is called twice
        let first = await registry.run(ToolCall(name: "messy__first", arguments: "{}"))
        let secondPid = try await pool.session("messy").connection.pid
        await pool.shutdown()

        // Then the call fails saying what the server wrote, its group is gone, and a new one starts
        #expect(first.isError)
        #expect(
            first.output.text.hasPrefix(
                #"error: MCP server `messy` wrote something that is not JSON-RPC on stdout: "this is not json""#))
        #expect(await MCPFixtures.waitForGroupToGo(pid))
        #expect(secondPid != pid)
    }

    @Test func aCursorThatNeverEndsIsRefused() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("loop-cursor", name: "loop"))
        let (_, problems) = await pool.tools()
        #expect(problems == [#"MCP server `loop` repeated the tools/list cursor "again""#])
    }

    @Test func aPingFromTheServerIsAnswered() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("ping"))
        let (tools, _) = await pool.tools()
        let tool = try #require(tools.first)
        let output = try await tool.run([:], in: MCPFixtures.context())
        await pool.shutdown()
        #expect(output.text.hasPrefix("pong received"))
    }

    @Test func aServerWithoutTheToolsCapabilityIsReadyWithNoTools() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("no-tools"))
        let status = await pool.status()
        await pool.shutdown()
        #expect(status.first?.state == .ready && status.first?.tools == [])
    }

    @Test func shutdownKillsAServerThatIgnoresEndOfInputAndSIGTERM() async throws {
        // Given a server that keeps running after its stdin closes and ignores SIGTERM
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("ignore-eof", name: "stubborn"))
        let pid = try await pool.session("stubborn").connection.pid

        // When the pool shuts down
        await pool.shutdown()

        // Then its whole process group is gone
        #expect(await MCPFixtures.waitForGroupToGo(pid))
    }

    @Test func aCommandThatDoesNotExistSaysWhere() async throws {
        let pool = MCPFixtures.pool(MCPServerConfig(name: "ghost", command: "no-such-mcp-server-here"))
        let (_, problems) = await pool.tools()
        #expect(problems.first?.contains("`no-such-mcp-server-here` is not an executable file on PATH") == true)
    }

    @Test func anAssistantTurnCallsAnMCPToolAndSendsItsResultBack() async throws {
        // Given a scripted Ollama that asks for the MCP tool `raw__first`, then answers
        let dir = try TemporaryDirectory()
        let database = try CodexDatabase.open(at: dir.path + "/codex.sqlite")
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [
                ToolLoopTests.ollamaToolCalls([("raw__first", [:])]), ModelFixtures.ollamaStream(["Done."]),
            ])
        defer { ollama.stop() }
        let pool = MCPFixtures.pool(MCPFixtures.rawServer("paged"))
        let (registry, problems) = await ToolRegistry.standard(
            context: MCPFixtures.context(), pluginsDirectory: nil, mcp: pool)

        // When chatting with the built-ins and the server's tools
        let assistant = Assistant(
            store: database.store, memory: SQLiteMemoryStore(database: database),
            gateway: Gateway(endpoints: [ModelFixtures.ollama(ollama)], logger: ModelFixtures.logger),
            questions: DocumentSearch(store: database.store), logger: ModelFixtures.logger)
        var results: [ToolResult] = []
        for try await event in assistant.chat(.init(message: "Use the first tool.", tools: registry)) {
            if case .toolResult(let result) = event { results.append(result) }
        }
        await pool.shutdown()

        // Then the model was offered it beside the built-ins, and got its result back
        #expect(problems.isEmpty)
        let offered = ollama.requests.first { $0.path == "/api/chat" }?.json?["tools"]?.arrayValue ?? []
        let names = offered.compactMap { $0["function"]?["name"]?.stringValue }
        #expect(names.contains("raw__first") && names.contains("read_file"))
        #expect(results.map(\.call.name) == ["raw__first"] && results.first?.isError == false)
        let last = ollama.requests.last { $0.path == "/api/chat" }?.json?["messages"]?.arrayValue ?? []
        #expect(last.contains { $0["role"] == "tool" && $0["content"]?.stringValue?.hasPrefix("called first") == true })
    }
}
