import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// A server written with the `mcp` Python SDK (Tests/Fixtures/mcp/fixture_server.py): tools with
/// arguments, one that fails, one that sleeps past the limit, one that crashes; each failure is a clear error, the server is started again on the next call, and no
/// process outlives it.
// Serialized: each test starts a Python interpreter that imports pydantic and the SDK (about a
// CPU-second); a dozen at once starve the timing-sensitive suites of a parallel run.
@Suite(.serialized, .enabled(if: MCPFixtures.sdkInstalled, MCPFixtures.skipReason))
struct MCPFixtureServerTests {
    @Test func toolsWithArgumentsAnswerTextAndStructuredContent() async throws {
        // Given the fixture server's tools in a registry
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer())
        let (tools, problems) = await pool.tools()
        let registry = ToolRegistry(tools: tools, context: MCPFixtures.context())

        // When the model calls them, once with an argument of the wrong type
        let sum = await registry.run(ToolCall(name: "fx__add", arguments: #"{"a": 2, "b": 40}"#))
        let echo = await registry.run(ToolCall(name: "fx__echo", arguments: #"{"text": "hi", "times": 3}"#))
        let wrong = await registry.run(ToolCall(name: "fx__add", arguments: #"{"a": "two", "b": 40}"#))
        await pool.shutdown()

        // Then the schemas came from the server and the results are passed back as they are
        #expect(problems.isEmpty)
        #expect(Set(tools.map(\.name)).isSuperset(of: ["fx__add", "fx__echo", "fx__fail", "fx__sleep", "fx__crash"]))
        #expect(registry.tool(named: "fx__add")?.parameters["required"] == ["a", "b"])
        #expect(!sum.isError && sum.output.data == ["sum": 42] && sum.output.text.contains("42"))
        #expect(!echo.isError && echo.output.text == "hi hi hi" && echo.output.data == nil)
        #expect(wrong.isError && wrong.output.text.contains("argument `a` must be an integer"))
    }

    @Test func aToolErrorReachesTheModelAsAnErrorResult() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer())
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())
        let result = await registry.run(ToolCall(name: "fx__fail", arguments: #"{"reason": "not today"}"#))
        let after = await registry.run(ToolCall(name: "fx__echo", arguments: #"{"text": "still here"}"#))
        await pool.shutdown()
        #expect(result.isError && result.output.text.contains("refused: not today"))
        #expect(!after.isError && after.output.text == "still here")
    }

    @Test func aToolThatSleepsPastTheLimitIsStoppedAndTheServerStartedAgain() async throws {
        // Given a 1 s limit per call
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer(toolTimeout: .seconds(1)))
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())
        let firstPid = try await pool.session("fx").connection.pid

        // When a tool sleeps for 30 s
        let started = ContinuousClock.now
        let slow = await registry.run(ToolCall(name: "fx__sleep", arguments: #"{"seconds": 30}"#))
        let waited = ContinuousClock.now - started

        // Then the call fails at the limit with a clear error, and the old process group is gone
        #expect(slow.isError)
        #expect(
            slow.output.text.hasPrefix("error: MCP server `fx` did not answer tools/call within 1 s and was stopped"))
        #expect(waited < .seconds(20))  // the tool sleeps 30 s; loose for a loaded parallel run
        #expect(await MCPFixtures.waitForGroupToGo(firstPid))

        // And the next call starts a new server that answers
        let next = await registry.run(ToolCall(name: "fx__echo", arguments: #"{"text": "again"}"#))
        let secondPid = try await pool.session("fx").connection.pid
        await pool.shutdown()
        #expect(!next.isError && next.output.text == "again")
        #expect(secondPid != firstPid)
    }

    @Test func aServerThatCrashesMidCallIsReportedWithItsLastWordsAndRestarted() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer())
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())
        let crash = await registry.run(ToolCall(name: "fx__crash", arguments: "{}"))
        let next = await registry.run(ToolCall(name: "fx__add", arguments: #"{"a": 1, "b": 1}"#))
        await pool.shutdown()
        #expect(crash.isError)
        #expect(crash.output.text.contains("MCP server `fx` exited with status 3"))
        #expect(crash.output.text.contains("fixture: crashing on purpose"))
        #expect(!next.isError && next.output.data == ["sum": 2])
    }

    @Test func callsInFlightTogetherEachGetTheirOwnAnswer() async throws {
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer())
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())
        async let slow = registry.run(ToolCall(name: "fx__sleep", arguments: #"{"seconds": 0.5}"#))
        async let fast = registry.run(ToolCall(name: "fx__echo", arguments: #"{"text": "first"}"#))
        let (slowResult, fastResult) = await (slow, fast)
        await pool.shutdown()
        #expect(slowResult.output.text == "slept 0.5 s" && fastResult.output.text == "first")
    }

    @Test func theServerRunsInItsOwnGroupWithOnlyTheConfiguredEnvironment() async throws {
        // Given a credential in codex's environment and a variable in the server's config
        setenv("SECRET_API_KEY", "sk-do-not-pass", 1)
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer(environment: ["FIXTURE_WORD": "configured"]))
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())

        // When the server says how it was started
        let text = await registry.run(ToolCall(name: "fx__whoami", arguments: "{}")).output.text
        let pid = try await pool.session("fx").connection.pid
        await pool.shutdown()

        // Then it leads its own process group, has the configured variable and not the credential
        #expect(text.contains("pid=\(pid) pgid=\(pid) "))
        #expect(getpgrp() != pid)
        #expect(text.contains("FIXTURE_WORD=configured SECRET_API_KEY="))
        #expect(!text.contains("sk-do-not-pass"))
        #expect(await MCPFixtures.waitForGroupToGo(pid))
    }

    @Test(.enabled(if: MCPFixtures.canIsolateNetwork, "this machine cannot create network namespaces"))
    func anOfflineServerHasNoNetworkAtAll() async throws {
        // Given the same server twice, once marked offline
        let pool = MCPFixtures.pool(MCPFixtures.sdkServer("open"), MCPFixtures.sdkServer("shut", offline: true))
        let registry = ToolRegistry(tools: await pool.tools().tools, context: MCPFixtures.context())

        // When each says which network namespace it is in
        let open = await registry.run(ToolCall(name: "open__network", arguments: "{}")).output.text
        let shut = await registry.run(ToolCall(name: "shut__network", arguments: "{}")).output.text
        await pool.shutdown()

        // Then the offline one has a namespace of its own whose only interface is loopback
        let mine = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        #expect(open.hasPrefix("netns=\(mine) "))
        #expect(!shut.hasPrefix("netns=\(mine) ") && shut.hasPrefix("netns=net:["))
        #expect(shut.hasSuffix(" interfaces=lo"))
    }
}
