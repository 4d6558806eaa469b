import CodexCore
import Foundation
import Logging

/// `codex-bench mcp --first N --warm M --tool NAME --arguments JSON -- COMMAND ARG...`: codex's
/// MCP client calling a stdio server, timed like scripts/bench/peers/mcp_client.py times the
/// `mcp` Python SDK's client.
///
/// First call: start the server, `initialize`, `tools/list`, `tools/call` — what the first use of
/// a server costs in a chat — N times with a new server each time. Warm call: M more calls on
/// one running server. Prints one JSON line (first_p50_ms, first_p95_ms, warm_p50_ms, warm_p95_ms, runs).
enum MCPBench {
    static func run(_ options: Command) async throws {
        let (command, tool) = (options.command, options.tool)
        let callArguments = try JSONValue.parse(options.arguments)
        let server = MCPServerConfig(name: "bench", command: command[0], arguments: Array(command.dropFirst()))
        var logger = Logger(label: "codex-bench")
        logger.logLevel = .error
        let name = MCPToolName.exposed(server: "bench", tool: tool)
        var first = Stopwatch()
        var warm = Stopwatch()
        let firstRuns = options.first
        for run in 0..<firstRuns {
            let pool = MCPServerPool(configuration: MCPConfiguration(servers: [server]), logger: logger)
            let context = ToolContext(roots: AllowedRoots([]))
            try await first.measure {
                let (tools, problems) = await pool.tools()
                guard let found = tools.first(where: { $0.name == name }) else {
                    throw CodexError.tool("no tool \(name): \(problems.joined(separator: "; "))")
                }
                _ = try await found.run(callArguments, in: context)
            }
            if run == firstRuns - 1 {
                guard let found = await pool.tools().tools.first(where: { $0.name == name }) else {
                    throw CodexError.tool("the server lost its tool \(name)")
                }
                for _ in 0..<options.warm {
                    _ = try await warm.measure { try await found.run(callArguments, in: context) }
                }
            }
            await pool.shutdown()
        }
        let figures: JSONValue = [
            "first_p50_ms": .number(first.percentile(50)), "first_p95_ms": .number(first.percentile(95)),
            "warm_p50_ms": .number(warm.percentile(50)), "warm_p95_ms": .number(warm.percentile(95)),
            "runs": .number(Double(firstRuns)),
        ]
        print(figures.jsonString)
    }
}
