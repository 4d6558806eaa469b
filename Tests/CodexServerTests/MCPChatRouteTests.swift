import CodexCore
import CodexServer
import Foundation
import Hummingbird
import Logging
import Testing

/// POST /chat offers an MCP server's tools when asked for them by name or with "*".
struct MCPChatRouteTests {
    static let raw = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/mcp/raw_server.py").path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3"))
    func chatOffersAnMCPToolByNameAndRunsIt() async throws {
        // Given the hand-written MCP fixture server and a model that calls its tool
        let pool = MCPServerPool(
            configuration: MCPConfiguration(servers: [
                MCPServerConfig(name: "raw", command: "/usr/bin/python3", arguments: [Self.raw, "paged"])
            ]), logger: Logger(label: "test.mcp"))
        let script: [FixtureModel.Script] = [.toolCall(name: "raw__third", arguments: "{}"), .tokens(["Done."])]
        try await ServerFixture.run(script, mcp: pool) { client, model, _ in
            // When a message offers that one tool
            let response = try await client.post("/chat", json: #"{"message":"Use it","tools":["raw__third"]}"#)

            // Then only it was offered, it ran, and the model got its result
            #expect(response.status == .ok)
            #expect(response.json["reply"]?.stringValue == "Done.")
            let offered = model.chatRequests.first?["tools"]?.arrayValue?.compactMap {
                $0["function"]?["name"]?.stringValue
            }
            #expect(offered == ["raw__third"])
            let sent = model.chatRequests.last?["messages"]?.arrayValue ?? []
            #expect(
                sent.contains { $0["role"] == "tool" && $0["content"]?.stringValue?.hasPrefix("called third") == true })
        }
        await pool.shutdown()
    }
}
